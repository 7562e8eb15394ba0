import {
  type GenerateRequest,
  healthKey,
  LlmuxError,
  type StreamEvent,
  totalTokens,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { composedStack, TENANT } from './composed-stack-setup.js';

const rejection = async (promise: Promise<unknown>): Promise<LlmuxError> => {
  const error = await promise.catch((e: unknown) => e);
  if (!LlmuxError.isInstance(error)) throw new Error(`expected an LlmuxError, got ${error}`);
  return error;
};

const drain = async (stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

const typesOf = (events: StreamEvent[]) => events.map((e) => e.type);

const providerRateLimit = (retryAfterMs: number) =>
  new LlmuxError({
    kind: 'rate_limited',
    message: 'anthropic 429',
    status: 429,
    retryAfterMs,
    provider: 'anthropic',
    model: 'claude-sonnet-4-6',
  });

/** Lets pending promise callbacks run until `done()` holds (or gives up). */
const until = async (done: () => boolean) => {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((r) => setImmediate(r));
  if (!done()) throw new Error('until: condition never held');
};

const target = (provider: string, model: string) => ({ provider, model, tenant: TENANT });

describe('the composed stack: observe(cache(router(failover([ratelimit(...) x3]))))', () => {
  it('carries the route reason, the plan and every attempt out through every layer', async () => {
    const s = composedStack();
    const response = await s.model.generate(s.ask('Hello there'));

    expect(response.provider).toBe('anthropic');
    expect(response.trace.routeReason).toMatch(/^rule "short": input ≈ \d+ tokens < 10,000 →/);
    expect(response.trace.plan?.map((c) => `${c.provider}/${c.model}`)).toEqual([
      'anthropic/claude-sonnet-4-6',
      'openai/gpt-5',
      'gemini/gemini-2.5-pro',
    ]);
    expect(response.trace.plan?.[0]?.reason).toBe('chosen by rule "short"');
    expect(response.trace.attempts).toEqual([
      expect.objectContaining({ provider: 'anthropic', outcome: 'success', attempt: 1 }),
    ]);
    // The plan the router made reached the failover, and no further.
    expect(s.claude.calls[0]?.route).toBeUndefined();
    expect(s.claude.calls[0]?.metadata?.requestId).toBe('req-1');

    const [record] = s.records();
    expect(record).toMatchObject({
      request_id: 'req-1',
      selected_provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      tenant: TENANT,
      attempts: 1,
      failover_attempts: 0,
      cache_hit: false,
      route_reason: response.trace.routeReason,
      cost_usd: response.costUsd,
      error_kind: null,
    });
  });

  it('fails over after a 429, shows both attempts, and settles the limiters with real usage', async () => {
    const s = composedStack();
    s.claude.enqueue({ error: providerRateLimit(60_000) });
    const response = await s.model.generate(s.ask('Hello there'));

    expect(response.provider).toBe('openai');
    expect(response.trace.attempts).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        outcome: 'error',
        errorKind: 'rate_limited',
      }),
      expect.objectContaining({ provider: 'openai', outcome: 'success' }),
    ]);
    expect(s.records()[0]).toMatchObject({
      selected_provider: 'openai',
      attempts: 2,
      failover_attempts: 1,
      error_kind: null,
    });
    expect(s.of('failover')).toHaveLength(1);

    // Claude's limiter gave its tokens back but counts the request, and stops for the 429.
    const [claudeLimiter, gptLimiter] = s.limited;
    const now = s.clock.now();
    expect(await claudeLimiter!.headroom(target('anthropic', 'claude-sonnet-4-6'))).toEqual({
      requests: 0.99,
      tokens: 1,
      inFlight: 0,
      pausedUntil: now + 60_000,
    });
    // OpenAI's holds what the call really used and cost.
    const gptRoom = await gptLimiter!.headroom(target('openai', 'gpt-5'));
    expect(gptRoom.inFlight).toBe(0);
    expect(Math.round((1 - gptRoom.tokens!) * 100_000)).toBe(totalTokens(response.usage));
    expect((await gptLimiter!.spend(TENANT)).monthUsd).toBeCloseTo(response.costUsd, 12);

    // The next request is planned around the paused provider.
    const next = await s.model.generate(s.ask('And again'));
    expect(next.provider).toBe('openai');
    expect(next.trace.routeReason).toContain('anthropic/claude-sonnet-4-6 skipped: rate limited');
    expect(s.claude.calls).toHaveLength(1);
  });

  it('does not count its own rate limiter’s refusals against a provider’s health', async () => {
    const s = composedStack({
      claudeLimits: { model: { requestsPerMinute: 1 } },
      // The router would steer around the spent limiter; without it failover meets the refusals.
      router: { headroom: undefined },
    });
    for (let i = 0; i < 8; i++) await s.model.generate(s.ask(`question ${i}`));
    const claude = await s.health.read(healthKey('anthropic', 'claude-sonnet-4-6'), 60_000);
    expect(claude.circuit.state).toBe('closed');
    expect(claude).toMatchObject({ samples: 1, failures: 0, consecutiveFailures: 0 });
  });

  it('moves on from a model whose own budget is spent, and fails with budget_exceeded when all are', async () => {
    const s = composedStack({ claudeLimits: { model: { spendPerDayUsd: 0.000_001 } } });
    const response = await s.model.generate(s.ask('Hello'));
    expect(response.provider).toBe('openai');
    expect(response.trace.attempts.map((a) => `${a.provider} ${a.errorKind ?? a.outcome}`)).toEqual(
      ['anthropic budget_exceeded', 'openai success'],
    );
    expect(s.claude.calls).toHaveLength(0);

    const broke = composedStack({
      rateLimit: { limits: { tenant: { spendPerDayUsd: 0.000_001 } } },
    });
    const refused = await rejection(broke.model.generate(broke.ask('Hello')));
    expect(refused.kind).toBe('budget_exceeded');
    expect(refused.attempts).toHaveLength(3);
    expect(broke.records()[0]).toMatchObject({ error_kind: 'budget_exceeded', attempts: 3 });
    expect([broke.claude, broke.gpt, broke.gemini].map((m) => m.calls.length)).toEqual([0, 0, 0]);
  });

  it('hedges a slow first candidate through the limiters, cancelling and releasing the loser', async () => {
    const s = composedStack({ failover: { hedge: { delayMs: 500 } } });
    s.claude.enqueue({ delayMs: 5_000 });
    const pending = s.model.generate(s.ask('Hello'));
    await until(() => s.claude.calls.length === 1);
    await s.clock.advance(500);
    const response = await pending;

    expect(response.provider).toBe('openai');
    expect(response.trace.attempts.map((a) => `${a.provider} ${a.errorKind ?? a.outcome}`)).toEqual(
      ['anthropic cancelled', 'openai success'],
    );
    expect(s.of('hedge')).toHaveLength(1);
    expect(s.claude.calls[0]?.signal?.aborted).toBe(true);
    const claudeRoom = await s.limited[0]!.headroom(target('anthropic', 'claude-sonnet-4-6'));
    expect(claudeRoom).toMatchObject({ inFlight: 0, tokens: 1 });
    expect(s.records()[0]).toMatchObject({ selected_provider: 'openai', attempts: 2 });
  });

  it('skips a failing provider while its circuit is open, and puts it first once a probe closes it', async () => {
    const s = composedStack({ failover: { breaker: { consecutiveFailures: 100 } } });
    const claudeKey = healthKey('anthropic', 'claude-sonnet-4-6');
    s.claude.setScript({ error: 'server_error' });
    for (let i = 0; i < 10; i++) await s.model.generate(s.ask(`question ${i}`));
    expect((await s.health.read(claudeKey, 60_000)).circuit.state).toBe('open');
    const skipped = await s.model.generate(s.ask('while open'));
    expect(skipped.trace.routeReason).toContain(
      'anthropic/claude-sonnet-4-6 skipped: circuit open',
    );
    expect(skipped.trace.attempts.map((a) => a.provider)).toEqual(['openai']);

    // Once the breaker would let a probe through, the router puts Claude back in its place.
    s.claude.setScript({});
    await s.clock.advance(30_000);
    const probe = await s.model.generate(s.ask('probe'));
    expect(probe.provider).toBe('anthropic');
    expect((await s.health.read(claudeKey, 60_000)).circuit.state).toBe('closed');
    // The failures that opened the circuit no longer count against it.
    const after = await s.model.generate(s.ask('after'));
    expect(after.trace.routeReason).toMatch(/^rule "short": [^;]*→ anthropic\/claude-sonnet-4-6$/);
    expect(after.provider).toBe('anthropic');
  });

  it('serves a repeated deterministic request from the cache at no cost, and records it', async () => {
    const s = composedStack();
    const first = await s.model.generate(s.ask('What is 2+2?', { temperature: 0 }));
    const hit = await s.model.generate(s.ask('What is 2+2?', { temperature: 0 }));

    expect(s.claude.calls).toHaveLength(1);
    expect(first.costUsd).toBeGreaterThan(0);
    expect(hit.costUsd).toBe(0);
    expect(hit.trace).toMatchObject({ cacheHit: true, savedCostUsd: first.costUsd });
    expect(s.records()[1]).toMatchObject({
      selected_provider: 'anthropic',
      cache_hit: true,
      saved_cost_usd: first.costUsd,
      cost_usd: 0,
      attempts: 0,
      error_kind: null,
    });
  });

  it('records the error kind of a request that fails, and one rejected by its budget', async () => {
    const s = composedStack();
    for (const mock of [s.claude, s.gpt, s.gemini]) mock.enqueue({ error: 'overloaded' });
    const failed = await rejection(s.model.generate(s.ask('Hello')));
    expect(failed.kind).toBe('all_attempts_failed');
    expect(s.records()[0]).toMatchObject({
      selected_provider: null,
      attempts: 3,
      failover_attempts: 2,
      error_kind: 'all_attempts_failed',
    });

    // A call that costs more than the tenant's monthly budget: the next one is refused.
    s.claude.enqueue({ usage: { inputTokens: 1_000_000 } });
    await s.model.generate(s.ask('Hello'));
    const refused = await rejection(s.model.generate(s.ask('Hello again')));
    expect(refused.kind).toBe('budget_exceeded');
    expect(s.records()[2]).toMatchObject({
      selected_provider: null,
      attempts: 0,
      error_kind: 'budget_exceeded',
      route_reason: null,
    });
    expect(s.claude.calls).toHaveLength(2);
  });

  it('passes a caller’s abort down to the model called, and records the cancel', async () => {
    const s = composedStack();
    s.claude.enqueue({ hang: true });
    const controller = new AbortController();
    const pending = s.model.generate(s.ask('Hello', { signal: controller.signal }));
    await until(() => s.claude.calls.length === 1);
    controller.abort();

    expect((await rejection(pending)).kind).toBe('cancelled');
    expect(s.claude.calls[0]?.signal?.aborted).toBe(true);
    expect(s.gpt.calls).toHaveLength(0);
    expect(s.records()[0]).toMatchObject({ error_kind: 'cancelled', selected_provider: null });
    const claudeRoom = await s.limited[0]!.headroom(target('anthropic', 'claude-sonnet-4-6'));
    expect(claudeRoom).toMatchObject({ inFlight: 0, tokens: 1 });
    // A cancel says nothing about the provider's health.
    const health = await s.health.read(healthKey('anthropic', 'claude-sonnet-4-6'), 60_000);
    expect(health.samples).toBe(0);
  });

  it('passes a caller’s abort through a wait for rate-limit room', async () => {
    const s = composedStack({
      rateLimit: { mode: 'wait', limits: { model: { concurrentRequests: 1 } } },
      router: { headroom: undefined },
    });
    s.claude.enqueue({ hang: true });
    const holder = new AbortController();
    const first = s.model.generate(s.ask('first', { signal: holder.signal }));
    await until(() => s.claude.calls.length === 1);
    const waiter = new AbortController();
    const second = s.model.generate(s.ask('second', { signal: waiter.signal }));
    await until(() => s.clock.pending() > 1);
    waiter.abort();
    expect((await rejection(second)).kind).toBe('cancelled');
    expect(s.claude.calls).toHaveLength(1);
    holder.abort();
    expect((await rejection(first)).kind).toBe('cancelled');
    expect(s.records().map((r) => r.error_kind)).toEqual(['cancelled', 'cancelled']);
  });

  it('streams through every layer with one start and one finish, failing over before content', async () => {
    const s = composedStack();
    s.claude.enqueue({ error: 'overloaded' });
    const request: GenerateRequest = s.ask('Stream me something', { temperature: 0 });
    const events = await drain(s.model.stream(request));

    expect(typesOf(events).filter((t) => t === 'start' || t === 'finish')).toEqual([
      'start',
      'finish',
    ]);
    expect(events[0]).toMatchObject({ type: 'start', provider: 'openai' });
    const finish = events.at(-1);
    if (finish?.type !== 'finish') throw new Error('expected a finish event');
    expect(finish.trace.routeReason).toMatch(/^rule "short"/);
    expect(finish.trace.plan).toHaveLength(3);
    expect(finish.trace.attempts.map((a) => `${a.provider} ${a.outcome}`)).toEqual([
      'anthropic error',
      'openai success',
    ]);
    expect(s.records()[0]).toMatchObject({
      streamed: true,
      selected_provider: 'openai',
      failover_attempts: 1,
      route_reason: finish.trace.routeReason,
    });
    const gptRoom = await s.limited[1]!.headroom(target('openai', 'gpt-5'));
    expect(gptRoom.inFlight).toBe(0);
    expect(Math.round((1 - gptRoom.tokens!) * 100_000)).toBe(totalTokens(finish.usage));

    // The same request again is a replay from the cache: one start, one finish, no call.
    const replay = await drain(s.model.stream(request));
    expect(typesOf(replay).filter((t) => t === 'start' || t === 'finish')).toEqual([
      'start',
      'finish',
    ]);
    expect(replay.at(-1)).toMatchObject({ type: 'finish', costUsd: 0 });
    expect(s.gpt.calls).toHaveLength(1);
    expect(s.records()[1]).toMatchObject({ streamed: true, cache_hit: true });
  });

  it('ends a stream that breaks after content with one typed error event, through every layer', async () => {
    const s = composedStack();
    s.claude.enqueue({
      text: 'a long answer that breaks',
      chunkSize: 4,
      errorAfterChunks: 2,
      error: 'network',
    });
    const events = await drain(s.model.stream(s.ask('Stream me something')));
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'text-delta', 'error']);
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.kind).toBe('network');
    expect(last?.type === 'error' && last.error.attempts?.length).toBe(1);
    expect(s.gpt.calls).toHaveLength(0);
    expect(s.records()[0]).toMatchObject({ error_kind: 'network', streamed: true });
    const claudeRoom = await s.limited[0]!.headroom(target('anthropic', 'claude-sonnet-4-6'));
    expect(claudeRoom).toMatchObject({ inFlight: 0, tokens: 1 });
  });

  it('passes a caller’s abort mid-stream down to the model streaming', async () => {
    const s = composedStack();
    s.claude.enqueue({ text: 'slow answer', chunkSize: 2, chunkDelayMs: 1_000 });
    const controller = new AbortController();
    const seen: StreamEvent[] = [];
    const reading = (async () => {
      for await (const event of s.model.stream(s.ask('Hi', { signal: controller.signal }))) {
        seen.push(event);
        if (event.type === 'text-delta') controller.abort();
      }
    })();
    await reading;
    expect(typesOf(seen)).toEqual(['start', 'text-delta', 'error']);
    expect(seen.at(-1)).toMatchObject({ type: 'error', error: { kind: 'cancelled' } });
    expect(s.claude.calls[0]?.signal?.aborted).toBe(true);
    expect(s.records()[0]).toMatchObject({ error_kind: 'cancelled' });
    const claudeRoom = await s.limited[0]!.headroom(target('anthropic', 'claude-sonnet-4-6'));
    expect(claudeRoom).toMatchObject({ inFlight: 0, tokens: 1 });
  });

  it('forwards countTokens through every layer, and the router counts exactly with it', async () => {
    const s = composedStack({ claudeCounts: 1_234 });
    for (const layer of [s.model, s.router, s.failover, s.limited[0]!]) {
      expect(await layer.countTokens?.(s.ask('Hello'))).toBe(1_234);
    }

    // The router counts with the model it wraps: exact input tokens decide the rule.
    const counted = composedStack({ claudeCounts: 150_000, routerCountsTokens: true });
    const response = await counted.model.generate(counted.ask('Hello'));
    expect(response.trace.routeReason).toMatch(
      /^rule "long-context": input 150,000 tokens > 100,000 → gemini\/gemini-2.5-pro/,
    );
    expect(response.provider).toBe('gemini');
  });
});
