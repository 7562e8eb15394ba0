import { collectStream, isLocalRefusal, LlmuxError } from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import { rateLimit } from './rate-limited-model.js';
import { ask, catalog, setup, T0, track, usage, withRateLimits } from './test-fixtures.js';

const failure = async (promise: Promise<unknown>): Promise<LlmuxError> => {
  try {
    await promise;
  } catch (error) {
    if (LlmuxError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

describe('rateLimit: every kind of limit, failing fast', () => {
  it('requestsPerMinute: refuses past the limit with when to retry, then lets calls through', async () => {
    const { model, clock, mock } = setup({
      limits: { model: { requestsPerMinute: 2 } },
      mode: 'fail-fast',
    });
    await model.generate(ask());
    await clock.advance(10_000);
    await model.generate(ask());
    await clock.advance(10_000);
    const error = await failure(model.generate(ask()));
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 41_000 });
    expect(error.message).toContain('model mock/mock-model requestsPerMinute limit of 2');
    expect(mock.calls).toHaveLength(2);
    await clock.advance(41_000);
    await model.generate(ask());
    expect(mock.calls).toHaveLength(3);
  });

  it('tokensPerMinute: reserves the estimate (input + maxOutputTokens) and settles to actual usage', async () => {
    // Each call reserves 15 tokens and settles to 8.
    const { model, clock } = setup({
      limits: { model: { tokensPerMinute: 31 } },
      mode: 'fail-fast',
    });
    await model.generate(ask());
    await model.generate(ask());
    // 16 used (two settled calls): 15 more just fit...
    await model.generate(ask());
    // ...then 24 are used and 15 more do not.
    const error = await failure(model.generate(ask()));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 61_000 });
    expect(error.message).toContain('tokensPerMinute');
    await clock.advance(61_000);
    await model.generate(ask());
  });

  it('tokensPerMinute: a request larger than the whole limit is refused for good', async () => {
    const { model, mock } = setup({ limits: { model: { tokensPerMinute: 100 } }, mode: 'wait' });
    const error = await failure(model.generate(ask({ maxOutputTokens: 500 })));
    expect(error).toMatchObject({
      kind: 'rate_limited',
      retryable: false,
      retryAfterMs: undefined,
    });
    expect(error.message).toMatch(/needs about 505 tokens.*limit of 100/);
    expect(mock.calls).toHaveLength(0);
  });

  it('tokensPerDay: counts across a whole day', async () => {
    const { model, clock } = setup({ limits: { model: { tokensPerDay: 23 } }, mode: 'fail-fast' });
    await model.generate(ask());
    await clock.advance(3_600_000);
    await model.generate(ask());
    await clock.advance(3_600_000);
    const error = await failure(model.generate(ask()));
    expect(error.message).toContain('tokensPerDay');
    // The first call's tokens leave the count one day (plus up to a 24-minute slot) after it.
    expect(error.retryAfterMs).toBeGreaterThan(86_400_000 - 2 * 3_600_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(86_400_000 + 1_440_000 - 2 * 3_600_000);
    await clock.advance(error.retryAfterMs!);
    await model.generate(ask());
  });

  it('windows: limits over any window length', async () => {
    const { model, clock } = setup({
      limits: { model: { windows: [{ measure: 'requests', limit: 1, windowMs: 1_000 }] } },
      mode: 'fail-fast',
    });
    await model.generate(ask());
    const error = await failure(model.generate(ask()));
    expect(error.message).toContain('windows[0]');
    expect(error.retryAfterMs).toBeGreaterThan(1_000 - 17);
    expect(error.retryAfterMs).toBeLessThanOrEqual(1_000 + 17);
    await clock.advance(error.retryAfterMs!);
    await model.generate(ask());
  });

  it('concurrentRequests: holds a slot for the whole call, generate and stream alike', async () => {
    const { model, clock } = setup(
      { limits: { model: { concurrentRequests: 2 } }, mode: 'fail-fast' },
      { script: { text: 'ok', usage, delayMs: 1_000 } },
    );
    const first = track(model.generate(ask()));
    const stream = model.stream(ask())[Symbol.asyncIterator]();
    const second = track(stream.next());
    await clock.advance(0);
    const error = await failure(model.generate(ask()));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 250 });
    expect(error.message).toContain('concurrentRequests limit of 2 calls in flight');
    await clock.advance(1_000);
    expect(first.done && second.done).toBe(true);
    // The generate call has ended; the stream is still open (its finish is not read yet).
    const third = track(model.generate(ask()));
    await clock.advance(0);
    await expect(failure(model.generate(ask()))).resolves.toMatchObject({ kind: 'rate_limited' });
    await clock.advance(1_000);
    expect(third.done && !third.error).toBe(true);
  });

  it('spendPerDayUsd: reserves the estimated cost and refuses with budget_exceeded, not retryable', async () => {
    // Each call reserves $0.025 and costs $0.011.
    const { model, mock } = setup({ limits: { global: { spendPerDayUsd: 0.05 } }, mode: 'wait' });
    await model.generate(ask());
    await model.generate(ask());
    await model.generate(ask());
    // $0.033 spent: another $0.025 would overspend.
    const error = await failure(model.generate(ask()));
    expect(error).toMatchObject({
      kind: 'budget_exceeded',
      retryable: false,
      retryAfterMs: 12 * 3_600_000,
    });
    expect(error.message).toContain('global spendPerDayUsd budget of $0.05');
    expect(mock.calls).toHaveLength(3);
    // A cheaper call still fits.
    await model.generate(ask({ maxOutputTokens: 1 }));
    expect((await model.spend()).dayUsd).toBeCloseTo(0.044, 10);
  });

  it('spend: a call waits while calls in flight hold the rest of a budget', async () => {
    const { model, clock, mock } = setup(
      { limits: { global: { spendPerDayUsd: 0.04 } }, mode: 'wait' },
      { script: { text: 'ok', usage, delayMs: 1_000 } },
    );
    // Each call holds $0.025 while in flight and costs $0.011.
    const first = track(model.generate(ask()));
    await clock.advance(0);
    const second = track(model.generate(ask()));
    await clock.advance(0);
    expect(mock.calls).toHaveLength(1);
    await clock.advance(1_000);
    expect(first).toMatchObject({ done: true, error: undefined });
    // The first settled at $0.011, which woke the second: $0.011 + $0.025 fits.
    expect(mock.calls).toHaveLength(2);
    await clock.advance(1_000);
    expect(second).toMatchObject({ done: true, error: undefined });
    // $0.022 spent: $0.025 more would overspend, however calls settle.
    await expect(failure(model.generate(ask()))).resolves.toMatchObject({
      kind: 'budget_exceeded',
    });
  });

  it('spend: failing fast, a budget held by calls in flight is a retryable refusal', async () => {
    const { model, clock } = setup(
      { limits: { global: { spendPerDayUsd: 0.04 } }, mode: 'fail-fast', pollMs: 300 },
      { script: { text: 'ok', usage, delayMs: 1_000 } },
    );
    track(model.generate(ask()));
    await clock.advance(0);
    const error = await failure(model.generate(ask()));
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: true, retryAfterMs: 300 });
    expect(error.message).toContain('Calls in flight hold the rest of the global spendPerDayUsd');
  });

  it('spendPerMonthUsd: renews with the UTC month', async () => {
    const { model, clock } = setup({ limits: { tenant: { spendPerMonthUsd: 0.03 } } });
    const acme = { metadata: { tenant: 'acme' } };
    await model.generate(ask(acme));
    // $0.011 spent; this one reserves $0.007 and costs $0.011.
    await model.generate(ask({ ...acme, maxOutputTokens: 1 }));
    const error = await failure(model.generate(ask(acme)));
    expect(error.kind).toBe('budget_exceeded');
    expect(error.message).toContain('tenant spendPerMonthUsd');
    expect(error.message).not.toContain('acme');
    expect(T0 + error.retryAfterMs!).toBe(Date.UTC(2025, 1, 1));
    // Another tenant has a budget of its own.
    await model.generate(ask({ metadata: { tenant: 'globex' } }));
    await clock.advance(error.retryAfterMs!);
    await model.generate(ask(acme));
  });
});

describe('rateLimit: scopes', () => {
  it('counts a provider limit across the models of that provider that share a store', async () => {
    const store = createMemoryStore();
    const limits = { provider: { requestsPerMinute: 2 } };
    const { model: a, clock } = setup({ limits, store, mode: 'fail-fast' });
    const b = rateLimit(createMockModel({ clock, catalog, modelId: 'other-model' }), {
      limits,
      store,
      clock,
      catalog,
      mode: 'fail-fast',
    });
    await a.generate(ask());
    await b.generate(ask());
    await expect(failure(a.generate(ask()))).resolves.toMatchObject({ kind: 'rate_limited' });
    await expect(failure(b.generate(ask()))).resolves.toMatchObject({
      message: expect.stringContaining('provider mock requestsPerMinute'),
    });
  });

  it('keeps a model limit to its own model', async () => {
    const store = createMemoryStore();
    const limits = { model: { requestsPerMinute: 1 } };
    const { model: a, clock } = setup({ limits, store, mode: 'fail-fast' });
    const b = rateLimit(createMockModel({ clock, modelId: 'other-model' }), {
      limits,
      store,
      clock,
    });
    await a.generate(ask());
    await b.generate(ask());
    await expect(failure(a.generate(ask()))).resolves.toMatchObject({ kind: 'rate_limited' });
  });

  it('gives each tenant its own limits, and named tenants theirs', async () => {
    const { model } = setup({
      limits: { tenant: { requestsPerMinute: 1 }, tenants: { vip: { requestsPerMinute: 3 } } },
      mode: 'fail-fast',
    });
    const as = (tenant: string) => ask({ metadata: { tenant } });
    await model.generate(as('acme'));
    await expect(failure(model.generate(as('acme')))).resolves.toMatchObject({
      message: expect.stringContaining('tenant requestsPerMinute'),
    });
    await model.generate(as('globex'));
    for (let i = 0; i < 3; i++) await model.generate(as('vip'));
    await expect(failure(model.generate(as('vip')))).resolves.toMatchObject({
      kind: 'rate_limited',
    });
    // Calls without a tenant are not held by tenant limits.
    for (let i = 0; i < 3; i++) await model.generate(ask());
  });

  it('does not read a tenant named like an object property as configured', async () => {
    const { model } = setup({ limits: { tenant: { requestsPerMinute: 1 } }, mode: 'fail-fast' });
    await model.generate(ask({ metadata: { tenant: 'constructor' } }));
    await expect(
      failure(model.generate(ask({ metadata: { tenant: 'constructor' } }))),
    ).resolves.toMatchObject({ kind: 'rate_limited' });
  });

  it('checks every scope at once: a refused call takes nothing from the others', async () => {
    const { model } = setup({
      limits: { global: { requestsPerMinute: 10 }, tenant: { requestsPerMinute: 1 } },
      mode: 'fail-fast',
    });
    const acme = ask({ metadata: { tenant: 'acme' } });
    await model.generate(acme);
    for (let i = 0; i < 5; i++) await failure(model.generate(acme));
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      requests: 0.9,
    });
  });
});

describe('rateLimit: settlement and release', () => {
  const tpm = { limits: { model: { tokensPerMinute: 1_000 } }, mode: 'fail-fast' as const };
  const tokensLeft = async (model: ReturnType<typeof setup>['model']) =>
    (await model.headroom({ provider: 'mock', model: 'mock-model' })).tokens;

  it('settles a generate call to the response usage and cost', async () => {
    const { model } = setup({ ...tpm, limits: { ...tpm.limits, global: {} } });
    await model.generate(ask());
    expect(await tokensLeft(model)).toBeCloseTo(1 - 8 / 1_000, 10);
    expect(await model.spend()).toMatchObject({ dayUsd: expect.closeTo(0.011, 10) });
  });

  it('settles a stream on its finish event, before the caller sees it', async () => {
    const { model } = setup(tpm);
    const seen: number[] = [];
    for await (const event of model.stream(ask())) {
      if (event.type === 'finish') seen.push((await tokensLeft(model)) ?? -1);
    }
    expect(seen).toEqual([1 - 8 / 1_000]);
    expect((await model.spend()).dayUsd).toBeCloseTo(0.011, 10);
  });

  it('gives back tokens, spend and concurrency when the call fails; the request still counts', async () => {
    const { model, mock } = setup({
      limits: { model: { tokensPerMinute: 1_000, requestsPerMinute: 10, concurrentRequests: 1 } },
      mode: 'fail-fast',
    });
    mock.enqueue({ error: 'server_error' });
    await expect(failure(model.generate(ask()))).resolves.toMatchObject({ kind: 'server_error' });
    const headroom = await model.headroom({ provider: 'mock', model: 'mock-model' });
    expect(headroom).toEqual({ requests: 0.9, tokens: 1, inFlight: 0 });
    expect((await model.spend()).dayUsd).toBe(0);
  });

  it('gives back what a stream held when it ends in an error event', async () => {
    const { model, mock } = setup(tpm);
    mock.enqueue({ text: 'partial answer', errorAfterChunks: 1, error: 'overloaded' });
    await expect(collectStream(model.stream(ask()))).rejects.toMatchObject({ kind: 'overloaded' });
    expect(await tokensLeft(model)).toBe(1);
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      inFlight: 0,
    });
  });

  it('gives back what an aborted call held', async () => {
    const { model, mock, clock } = setup(tpm);
    mock.enqueue({ hang: true });
    const controller = new AbortController();
    const call = track(model.generate(ask({ signal: controller.signal })));
    await clock.advance(0);
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      inFlight: 1,
      tokens: 1 - 15 / 1_000,
    });
    controller.abort();
    await clock.advance(0);
    expect(call.error).toMatchObject({ kind: 'cancelled' });
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      inFlight: 0,
      tokens: 1,
    });
  });

  it('gives back what a stream held when the caller stops reading it', async () => {
    const { model } = setup({ limits: { model: { concurrentRequests: 1 } }, mode: 'fail-fast' });
    for await (const event of model.stream(ask())) {
      if (event.type === 'text-delta') break;
    }
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      inFlight: 0,
    });
    await model.generate(ask());
  });

  it('gives back what a stream held when the caller aborts it mid-way', async () => {
    const { model, clock } = setup(
      { limits: { model: { concurrentRequests: 1 } }, mode: 'fail-fast' },
      { script: { text: 'a long answer in many chunks', chunkSize: 4, chunkDelayMs: 100 } },
    );
    const controller = new AbortController();
    const events = (async () => {
      const types: string[] = [];
      for await (const event of model.stream(ask({ signal: controller.signal }))) {
        types.push(event.type);
        if (types.length === 2) controller.abort();
      }
      return types;
    })();
    await clock.advance(1_000);
    expect((await events).at(-1)).toBe('error');
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      inFlight: 0,
    });
  });

  it('yields a refusal as a stream error event rather than throwing', async () => {
    const { model } = setup({ limits: { model: { requestsPerMinute: 1 } }, mode: 'fail-fast' });
    await collectStream(model.stream(ask()));
    const events = [];
    for await (const event of model.stream(ask())) events.push(event);
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'rate_limited' }) },
    ]);
  });

  it('marks its own refusals as local, so failover does not hold them against the provider', async () => {
    const { model, mock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      mode: 'fail-fast',
    });
    mock.enqueue({ error: 'rate_limited' });
    const fromProvider = await failure(model.generate(ask()));
    expect(isLocalRefusal(fromProvider)).toBe(false);
    const refused = await failure(model.generate(ask()));
    expect(refused).toMatchObject({ kind: 'rate_limited', provider: 'mock', model: 'mock-model' });
    expect(isLocalRefusal(refused)).toBe(true);
    const [event] = await collectStream(model.stream(ask())).then(
      () => [],
      (error: unknown) => [error],
    );
    expect(isLocalRefusal(event)).toBe(true);
  });
});

describe('rateLimit: adapting to the provider', () => {
  const resetIn = (ms: number) => ({
    requestsLimit: 100,
    requestsRemaining: 0,
    requestsResetAt: T0 + ms,
  });

  it('stops sending when the headers say the allowance is empty, until its reset', async () => {
    const { clock, mock, events } = setup({ limits: {} });
    const model = rateLimit(
      withRateLimits(mock, (call) => (call === 1 ? resetIn(20_000) : undefined)),
      { limits: {}, clock, catalog, mode: 'fail-fast', observer: (e) => events.push(e) },
    );
    await model.generate(ask());
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      pausedUntil: T0 + 20_000,
      requests: 0,
    });
    const error = await failure(model.generate(ask()));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 20_000 });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'rate-limit', outcome: 'paused', waitMs: 20_000 }),
    );
    await clock.advance(20_000);
    await model.generate(ask());
    expect(mock.calls).toHaveLength(2);
  });

  it('reads the headers of a stream from its start event', async () => {
    const { clock, mock } = setup({ limits: {} });
    const model = rateLimit(
      withRateLimits(mock, () => ({
        tokensLimit: 1_000,
        tokensRemaining: 0,
        tokensResetAt: T0 + 5_000,
      })),
      { limits: {}, clock, catalog, mode: 'fail-fast' },
    );
    await collectStream(model.stream(ask()));
    expect(await model.headroom({ provider: 'mock', model: 'mock-model' })).toMatchObject({
      pausedUntil: T0 + 5_000,
      tokens: 0,
    });
  });

  it('reports the provider’s remaining share as headroom while its window lasts', async () => {
    const { clock, mock } = setup({ limits: {} });
    const model = rateLimit(
      withRateLimits(mock, () => ({
        requestsLimit: 100,
        requestsRemaining: 40,
        requestsResetAt: T0 + 10_000,
      })),
      { limits: { model: { requestsPerMinute: 10 } }, clock, catalog },
    );
    await model.generate(ask());
    // Ours: 9 of 10 left; theirs: 40 of 100.
    expect((await model.headroom({ provider: 'mock', model: 'mock-model' })).requests).toBe(0.4);
    await clock.advance(10_000);
    expect((await model.headroom({ provider: 'mock', model: 'mock-model' })).requests).toBe(0.9);
  });

  it('pauses for a 429’s retry-after, passes the error on, and waits it out in wait mode', async () => {
    const { model, mock, clock } = setup({ limits: {}, mode: 'wait' });
    mock.enqueue({
      error: new LlmuxError({
        kind: 'rate_limited',
        message: '429',
        retryAfterMs: 7_000,
        status: 429,
      }),
    });
    await expect(failure(model.generate(ask()))).resolves.toMatchObject({ status: 429 });
    expect((await model.headroom({ provider: 'mock', model: 'mock-model' })).pausedUntil).toBe(
      T0 + 7_000,
    );
    const next = track(model.generate(ask()));
    await clock.advance(6_999);
    expect(next.done).toBe(false);
    await clock.advance(1);
    expect(next.done && !next.error).toBe(true);
    expect(mock.calls).toHaveLength(2);
  });

  it('pauses for defaultPauseMs after a 429 that gave no retry-after', async () => {
    const { model, mock } = setup({ limits: {}, mode: 'fail-fast', defaultPauseMs: 2_500 });
    mock.enqueue({ error: 'rate_limited' });
    await failure(model.generate(ask()));
    await expect(failure(model.generate(ask()))).resolves.toMatchObject({ retryAfterMs: 2_500 });
  });
});
