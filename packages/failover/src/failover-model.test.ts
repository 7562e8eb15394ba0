import { getEventListeners } from 'node:events';
import { LlmuxError, markLocalRefusal } from '@llmux/core';
import { createMockModel, type MockOutcome } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { createFailover } from './failover-model.js';
import { drive, plan, START, setup, toArray } from './test-support.js';

const rateLimited = (retryAfterMs: number) =>
  new LlmuxError({ kind: 'rate_limited', message: '429', status: 429, retryAfterMs });

describe('createFailover: generate', () => {
  it('answers from the first model and records the attempt', async () => {
    const { generate, clock } = setup();
    const response = await generate();
    expect(response.provider).toBe('alpha');
    expect(response.trace).toEqual({
      attempts: [
        {
          provider: 'alpha',
          model: 'a-small',
          attempt: 1,
          startedAt: START,
          latencyMs: 0,
          outcome: 'success',
        },
      ],
    });
    expect(clock.pending()).toBe(0);
  });

  it('retries a transient failure after an exponential, jittered backoff', async () => {
    const { generate, a, events } = setup({ retry: { maxAttempts: 3, baseMs: 400 } });
    a.enqueue({ error: 'server_error' }, { error: 'overloaded' });
    const response = await generate();
    expect(response.provider).toBe('alpha');
    // random() = 0.5: half of 400, then half of 800.
    expect(events.of('retry').map((e) => [e.attempt, e.delayMs, e.errorKind])).toEqual([
      [2, 200, 'server_error'],
      [3, 400, 'overloaded'],
    ]);
    expect(response.trace.attempts.map((x) => [x.attempt, x.startedAt, x.outcome])).toEqual([
      [1, START, 'error'],
      [2, START + 200, 'error'],
      [3, START + 600, 'success'],
    ]);
  });

  it('waits out retry-after exactly', async () => {
    const { generate, a } = setup();
    a.enqueue({ error: rateLimited(1234) });
    const response = await generate();
    expect(response.trace.attempts[1]).toMatchObject({ attempt: 2, startedAt: START + 1234 });
  });

  it('moves on at once when retry-after is longer than the cap', async () => {
    const { generate, a, events } = setup({ retry: { maxRetryAfterMs: 1000 } });
    a.enqueue({ error: rateLimited(1001) });
    const response = await generate();
    expect(response.provider).toBe('beta');
    expect(response.trace.attempts[1]).toMatchObject({ provider: 'beta', startedAt: START });
    expect(events.of('retry')).toEqual([]);
  });

  it('fails over to the next candidate once retries are spent', async () => {
    const { generate, a, b, events } = setup();
    a.enqueue({ error: 'server_error' }, { error: 'server_error' });
    const response = await generate();
    expect(response.provider).toBe('beta');
    expect(a.calls).toHaveLength(2);
    expect(b.calls).toHaveLength(1);
    expect(events.of('failover')).toEqual([
      {
        type: 'failover',
        requestId: undefined,
        from: { provider: 'alpha', model: 'a-small', reason: 'configured order' },
        to: { provider: 'beta', model: 'b-medium', reason: 'configured order' },
        errorKind: 'server_error',
      },
    ]);
  });

  it('reports every attempt to the observer, in order', async () => {
    const { generate, a, events } = setup({ retry: { maxAttempts: 1 } });
    a.enqueue({ error: 'network', delayMs: 30 });
    await generate({ metadata: { requestId: 'req-1' } });
    expect(events.events.map((e) => e.type)).toEqual([
      'attempt-start',
      'attempt-end',
      'failover',
      'attempt-start',
      'attempt-end',
    ]);
    expect(events.of('attempt-end').map((e) => e.record)).toEqual([
      {
        provider: 'alpha',
        model: 'a-small',
        attempt: 1,
        startedAt: START,
        latencyMs: 30,
        outcome: 'error',
        errorKind: 'network',
        message: 'mock network',
      },
      expect.objectContaining({ provider: 'beta', outcome: 'success', startedAt: START + 30 }),
    ]);
    expect(events.events.every((e) => !('requestId' in e) || e.requestId === 'req-1')).toBe(true);
  });

  it('neither retries nor fails over an invalid request: it fails with its own error', async () => {
    const { fails, a, b } = setup({ retry: { maxAttempts: 3 } });
    a.enqueue({ error: 'invalid_request' });
    const error = await fails();
    expect(error.kind).toBe('invalid_request');
    expect(error.attempts).toHaveLength(1);
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(0);
  });

  it('takes a request that was too long only to a larger context window', async () => {
    const { generate, a, b, c } = setup();
    b.enqueue({ error: 'context_length_exceeded' });
    const response = await generate({
      route: plan('beta:b-medium', 'alpha:a-small', 'gamma:c-large'),
    });
    expect(response.provider).toBe('gamma');
    expect(a.calls).toHaveLength(0);
    expect(b.calls).toHaveLength(1);
    expect(c.calls).toHaveLength(1);
  });

  it('fails with context_length_exceeded when no larger model is left', async () => {
    const { fails, a, c } = setup();
    c.enqueue({ error: 'context_length_exceeded' });
    const tooLong = await fails({ route: plan('gamma:c-large', 'alpha:a-small') });
    expect(tooLong.kind).toBe('context_length_exceeded');
    expect(tooLong.attempts).toHaveLength(1);
    expect(a.calls).toHaveLength(0);
  });

  it('fails with one all_attempts_failed error listing every attempt, the last cause and the soonest retry-after', async () => {
    const { fails, a, b, c, clock } = setup({ retry: { maxRetryAfterMs: 100 } });
    a.setScript({ error: rateLimited(9000) });
    b.setScript({ error: 'overloaded' });
    const last = rateLimited(4000);
    c.setScript({ error: last });
    const error = await fails();
    expect(error.kind).toBe('all_attempts_failed');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(4000);
    expect(error.attempts?.map((x) => `${x.provider}#${x.attempt}:${x.errorKind}`)).toEqual([
      'alpha#1:rate_limited',
      'beta#1:overloaded',
      'beta#2:overloaded',
      'gamma#1:rate_limited',
    ]);
    expect(error.message).toBe(
      'All attempts failed: alpha:a-small rate_limited, beta:b-medium overloaded ×2, gamma:c-large rate_limited',
    );
    expect(error.cause).toBe(last);
    expect(clock.pending()).toBe(0);
  });

  it('follows the route plan and carries its reasons into the trace', async () => {
    const { generate, a, events } = setup();
    const route = plan('gamma:c-large', 'alpha:a-small');
    const response = await generate({ route });
    expect(response.provider).toBe('gamma');
    expect(response.trace.routeReason).toBe('test plan');
    expect(response.trace.plan).toEqual(route.candidates);
    expect(a.calls).toHaveLength(0);
    expect(events.of('attempt-start')[0]).toMatchObject({ provider: 'gamma', model: 'c-large' });
  });

  it('refuses a plan that names a model it does not have, or no model at all', async () => {
    const { fails } = setup();
    const missing = await fails({ route: plan('alpha:a-small', 'omega:z') });
    expect(missing.kind).toBe('not_found');
    expect(missing.message).toContain('omega:z');
    const empty = await fails({ route: { reason: 'none', candidates: [] } });
    expect(empty.kind).toBe('invalid_request');
  });

  it('passes its own abort signal down and keeps the plan to itself', async () => {
    const { generate, a } = setup();
    const caller = new AbortController();
    await generate({ route: plan('alpha:a-small'), signal: caller.signal });
    const sent = a.calls[0]!;
    expect(sent.route).toBeUndefined();
    expect(sent.signal).toBeInstanceOf(AbortSignal);
    expect(sent.signal).not.toBe(caller.signal);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('skips an open circuit at once', async () => {
    const { generate, a, events } = setup({ breaker: { consecutiveFailures: 2, openMs: 60_000 } });
    a.setScript({ error: 'server_error' });
    expect((await generate()).provider).toBe('beta');
    expect(events.of('circuit').map((e) => [e.key, e.to])).toEqual([['alpha:a-small', 'open']]);
    const second = await generate();
    expect(second.provider).toBe('beta');
    expect(second.trace.attempts.map((x) => x.provider)).toEqual(['beta']);
    expect(a.calls).toHaveLength(2);
  });

  it('moves on from a rate limiter’s own refusal without opening the provider’s circuit', async () => {
    const { generate, a, events } = setup({
      breaker: { consecutiveFailures: 2 },
      // Not paused after each refusal, so that every request meets it first.
      capacity: { pauseMs: 0 },
    });
    const refusal = () =>
      markLocalRefusal(
        new LlmuxError({ kind: 'rate_limited', message: 'quota', retryable: false }),
      );
    a.setScript(() => ({ error: refusal() }));
    for (let i = 0; i < 4; i++) expect((await generate()).provider).toBe('beta');
    expect(a.calls).toHaveLength(4);
    expect(events.of('circuit')).toEqual([]);
  });

  it('fails with the limiter’s own error when every candidate’s limiter refused (the tenant is over its limit)', async () => {
    const { fails, a, b, c } = setup({ capacity: { pauseMs: 0 }, retry: { maxAttempts: 1 } });
    const refusal = () =>
      markLocalRefusal(
        new LlmuxError({
          kind: 'rate_limited',
          message: 'tenant acme is over 60 requests a minute',
          retryAfterMs: 2_000,
        }),
      );
    for (const model of [a, b, c]) model.setScript(() => ({ error: refusal() }));
    const error = await fails();
    expect(error.kind).toBe('rate_limited');
    expect(error.message).toBe('tenant acme is over 60 requests a minute');
    expect(error.attempts?.map((x) => x.errorKind)).toEqual([
      'rate_limited',
      'rate_limited',
      'rate_limited',
    ]);
    // One provider's own 429 among them is the providers' failure, as before.
    b.setScript({ error: rateLimited(1_000) });
    expect((await fails()).kind).toBe('all_attempts_failed');
  });

  it('with maxOpenShare 1, refuses at once when every circuit is open, saying when one will let a probe through', async () => {
    const { generate, fails, a, b, c, clock } = setup({
      breaker: { consecutiveFailures: 1, openMs: 60_000, maxOpenShare: 1 },
      retry: { maxAttempts: 1 },
    });
    for (const model of [a, b, c]) model.enqueue({ error: 'server_error' });
    await expect(generate()).rejects.toMatchObject({ kind: 'all_attempts_failed' });
    await clock.advance(15_000);
    const error = await fails();
    expect(error.attempts).toEqual([]);
    expect(error.retryAfterMs).toBe(45_000);
    expect(error.message).toBe(
      'All attempts failed: alpha:a-small skipped (circuit open), beta:b-medium skipped (circuit open), gamma:c-large skipped (circuit open)',
    );
  });

  it('stops at once, without retrying, when the caller cancels', async () => {
    const { failover, clock, a, b } = setup();
    a.enqueue({ hang: true });
    const caller = new AbortController();
    const pending = failover.generate({
      messages: [{ role: 'user', content: 'hi' }],
      signal: caller.signal,
    });
    const outcome = pending.catch((error: unknown) => error);
    await clock.advance(10);
    caller.abort();
    const error = await outcome;
    expect(error).toMatchObject({
      kind: 'cancelled',
      attempts: [expect.objectContaining({ errorKind: 'cancelled' })],
    });
    expect(a.calls[0]!.signal?.aborted).toBe(true);
    expect(b.calls).toHaveLength(0);
    expect(clock.pending()).toBe(0);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });

  it('makes no call for a caller that has already cancelled', async () => {
    const { fails, a } = setup();
    const caller = new AbortController();
    caller.abort();
    const error = await fails({ signal: caller.signal });
    expect(error.kind).toBe('cancelled');
    expect(a.calls).toHaveLength(0);
  });
});

describe('createFailover: cleanup', () => {
  const scenarios: Record<string, Array<MockOutcome>> = {
    'a success': [{}],
    'a retry': [{ error: 'overloaded' }, {}],
    'a timeout, then failover': [{ hang: true }, { hang: true }],
    'a hedge': [{ delayMs: 400 }],
    'a failure after content': [
      { text: 'abcdef', chunkSize: 2, error: 'network', errorAfterChunks: 1 },
    ],
    'an idle stream': [{ text: 'abcdef', chunkSize: 2, chunkDelayMs: 5000 }],
    'a deadline': [{ text: 'abcdef', chunkSize: 2, chunkDelayMs: 900 }, { delayMs: 9000 }],
  };

  for (const [name, outcomes] of Object.entries(scenarios)) {
    it(`leaves no timer and no listener behind after ${name}`, async () => {
      const { failover, clock, a } = setup({
        hedge: { delayMs: 300, maxShare: 1 },
        timeouts: { attemptMs: 1000, firstTokenMs: 1000, idleMs: 1000, totalMs: 2500 },
      });
      const caller = new AbortController();
      const request = {
        messages: [{ role: 'user' as const, content: 'hi' }],
        signal: caller.signal,
      };
      a.enqueue(...outcomes);
      await drive(clock, failover.generate(request)).catch(() => {});
      a.enqueue(...outcomes);
      await drive(clock, toArray(failover.stream(request)));
      a.enqueue(...outcomes);
      const iterator = failover.stream(request)[Symbol.asyncIterator]();
      await drive(clock, iterator.next());
      await iterator.return?.();
      expect(clock.pending()).toBe(0);
      expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    });
  }
});

describe('createFailover: options', () => {
  const model = createMockModel({ provider: 'alpha', modelId: 'a-small' });

  it('names the bad field', () => {
    expect(() => createFailover(undefined as never)).toThrow(/"options"/);
    expect(() => createFailover({ models: [] })).toThrow(/"models": expected a non-empty array/);
    expect(() => createFailover({ models: [model, {} as never] })).toThrow(
      /"models\[1\]": expected a LanguageModel, got object/,
    );
    expect(() => createFailover({ models: [model, model] })).toThrow(
      /"models\[1\]": expected a deployment not listed before .*, got "alpha:a-small"/,
    );
    expect(() => createFailover({ models: [model], clock: {} as never })).toThrow(/"clock"/);
    expect(() => createFailover({ models: [model], random: 3 as never })).toThrow(/"random"/);
    expect(() => createFailover({ models: [model], observer: 'x' as never })).toThrow(/"observer"/);
    expect(() => createFailover({ models: [model], catalog: {} as never })).toThrow(/"catalog"/);
    expect(() => createFailover({ models: [model], retry: { maxAttempts: 0 } })).toThrow(
      /"retry\.maxAttempts"/,
    );
    expect(() => createFailover({ models: [model], breaker: { openMs: -1 } })).toThrow(
      /"breaker\.openMs"/,
    );
    expect(() => createFailover({ models: [model], timeouts: { idleMs: 0 } })).toThrow(
      /"timeouts\.idleMs"/,
    );
    expect(() => createFailover({ models: [model], hedge: {} })).toThrow(/"hedge"/);
    expect(() => createFailover({ models: [model], health: { intervalMs: 0 } })).toThrow(
      /"health\.intervalMs"/,
    );
    expect(() => createFailover({ models: [model], failoverOn: ['oops' as never] })).toThrow(
      /"failoverOn\[0\]"/,
    );
  });

  it('throws invalid_request errors', () => {
    try {
      createFailover({ models: [] });
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid_request', retryable: false });
      return;
    }
    throw new Error('expected a throw');
  });

  it('is a LanguageModel named after its models', () => {
    const failover = createFailover({ models: [model] });
    expect(failover.provider).toBe('failover');
    expect(failover.modelId).toBe('alpha:a-small');
    expect(failover.healthChecker).toBeUndefined();
    expect(failover.countTokens).toBeUndefined();
  });

  it('counts tokens with the first model of the plan that can count', async () => {
    const counting = (provider: string, modelId: string, tokens: number) => ({
      ...createMockModel({ provider, modelId }),
      countTokens: async () => tokens,
    });
    const failover = createFailover({
      models: [
        createMockModel({ provider: 'alpha', modelId: 'a-small' }),
        counting('beta', 'b-medium', 20),
        counting('gamma', 'c-large', 30),
      ],
    });
    const request = { messages: [{ role: 'user' as const, content: 'hi' }] };
    expect(await failover.countTokens?.(request)).toBe(20);
    expect(
      await failover.countTokens?.({ ...request, route: plan('gamma:c-large', 'beta:b-medium') }),
    ).toBe(30);
    expect(await failover.countTokens?.({ ...request, route: plan('alpha:a-small') })).toBe(20);
  });
});
