import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { rateLimit } from './rate-limited-model.js';
import { ask, catalog, setup, T0, track } from './test-fixtures.js';

const target = { provider: 'mock', model: 'mock-model' };

/** Long enough for a minute window to free up. */
const maxWaitMs = 120_000;

describe('waiting for room', () => {
  it('waits exactly until the window has room, and reports the wait', async () => {
    const { model, clock, events } = setup({
      limits: { model: { requestsPerMinute: 2 } },
      maxWaitMs,
    });
    await model.generate(ask());
    await model.generate(ask());
    await clock.advance(10_000);
    const third = track(model.generate(ask({ metadata: { requestId: 'r3' } })));
    await clock.advance(50_999);
    expect(third.done).toBe(false);
    await clock.advance(1);
    expect(third).toMatchObject({ done: true, error: undefined });
    expect(events).toContainEqual({
      type: 'rate-limit',
      requestId: 'r3',
      scope: 'model mock/mock-model requestsPerMinute',
      outcome: 'waited',
      waitMs: 51_000,
    });
  });

  it('serves waiting calls first come, first served', async () => {
    const { model, clock, mock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs: 300_000,
    });
    await model.generate(ask());
    const waiting = ['a', 'b', 'c'].map((text) =>
      track(model.generate({ messages: [{ role: 'user', content: text }], maxOutputTokens: 10 })),
    );
    for (let minute = 1; minute <= 3; minute++) {
      await clock.advance(61_000);
      expect(waiting.map((call) => call.done)).toEqual([1, 2, 3].map((n) => n <= minute));
    }
    expect(waiting.map((call) => call.error)).toEqual([undefined, undefined, undefined]);
    expect(mock.calls.slice(1).map((call) => call.messages[0]?.content)).toEqual(['a', 'b', 'c']);
  });

  it('lets calls that find room ask the store side by side, not one round trip at a time', async () => {
    const memory = createMemoryStore();
    const held: Array<() => void> = [];
    const slowStore: RateLimitStore = {
      ...memory,
      async reserve(plan) {
        await new Promise<void>((resolve) => held.push(resolve));
        return memory.reserve(plan);
      },
    };
    const { model, clock } = setup({
      limits: { model: { requestsPerMinute: 10 } },
      maxWaitMs,
      store: slowStore,
    });
    const calls = [1, 2, 3].map(() => track(model.generate(ask())));
    await clock.advance(0);
    expect(held).toHaveLength(3);
    for (const answer of held.splice(0)) answer();
    await clock.advance(0);
    expect(calls.map((call) => [call.done, call.error])).toEqual([
      [true, undefined],
      [true, undefined],
      [true, undefined],
    ]);
  });

  it('gives each tenant its own line: an exhausted tenant holds up no one else', async () => {
    const { model, clock } = setup({ limits: { tenant: { requestsPerMinute: 1 } }, maxWaitMs });
    const as = (tenant: string) => ask({ metadata: { tenant } });
    await model.generate(as('acme'));
    const acme = track(model.generate(as('acme')));
    await clock.advance(0);
    const globex = track(model.generate(as('globex')));
    await clock.advance(0);
    expect(acme.done).toBe(false);
    expect(globex).toMatchObject({ done: true, error: undefined });
  });

  it('refuses at once a call whose room comes later than maxWaitMs', async () => {
    const { model, clock, events } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs: 30_000,
    });
    await model.generate(ask());
    const refused = track(model.generate(ask()));
    await clock.advance(0);
    expect(refused.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 61_000 });
    expect(events.at(-1)).toMatchObject({ type: 'rate-limit', outcome: 'rejected' });
  });

  it('refuses a call still in line when maxWaitMs runs out', async () => {
    const { model, clock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs: 70_000,
    });
    await model.generate(ask());
    const first = track(model.generate(ask()));
    await clock.advance(1_000);
    const second = track(model.generate(ask()));
    await clock.advance(59_999);
    // The first waits its turn at T0 + 61 s; the second, behind it, cannot get room in time.
    expect(first.done || second.done).toBe(false);
    await clock.advance(1);
    expect(first).toMatchObject({ done: true, error: undefined });
    await clock.advance(0);
    expect(second.error).toMatchObject({ kind: 'rate_limited' });
    // Refused as soon as its head-of-line check sees room only at T0 + 122 s: past its deadline.
    expect(clock.now()).toBe(T0 + 61_000);
  });

  it('gives up a wait in line at maxWaitMs, saying when the line moves next', async () => {
    const { model, clock } = setup(
      { limits: { model: { concurrentRequests: 1 } }, maxWaitMs: 1_000, pollMs: 400 },
      { script: { text: 'slow', delayMs: 10_000 } },
    );
    const busy = track(model.generate(ask()));
    await clock.advance(0);
    const head = track(model.generate(ask()));
    await clock.advance(0);
    const behind = track(model.generate(ask()));
    await clock.advance(1_000);
    expect(head.error).toMatchObject({ kind: 'rate_limited' });
    expect((head.error as LlmuxError).message).toContain('Waited 1000 ms');
    // Its turn came only as its own time ran out.
    expect(behind.error).toMatchObject({ kind: 'rate_limited' });
    await clock.advance(10_000);
    expect(busy).toMatchObject({ done: true, error: undefined });
  });

  it('is cancelled by the request signal while waiting, and leaves the line', async () => {
    const { model, clock, mock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs,
    });
    await model.generate(ask());
    const controller = new AbortController();
    const cancelled = track(model.generate(ask({ signal: controller.signal })));
    const behind = track(model.generate(ask()));
    await clock.advance(5_000);
    controller.abort();
    await clock.advance(0);
    expect(cancelled.error).toMatchObject({ kind: 'cancelled' });
    await clock.advance(56_000);
    expect(behind).toMatchObject({ done: true, error: undefined });
    expect(mock.calls).toHaveLength(2);
  });

  it('refuses a call whose signal is already aborted without touching the limits', async () => {
    const { model } = setup({ limits: { model: { requestsPerMinute: 1 } }, maxWaitMs });
    const controller = new AbortController();
    controller.abort();
    await expect(model.generate(ask({ signal: controller.signal }))).rejects.toMatchObject({
      kind: 'cancelled',
    });
    expect((await model.headroom(target)).requests).toBe(1);
  });

  it('wakes a call held by concurrency as soon as a call in this process ends', async () => {
    const { model, clock } = setup(
      { limits: { model: { concurrentRequests: 1 } }, pollMs: 5_000 },
      { script: { text: 'ok', delayMs: 1_000 } },
    );
    const first = track(model.generate(ask()));
    await clock.advance(0);
    const second = track(model.generate(ask()));
    await clock.advance(1_000);
    expect(first.done).toBe(true);
    // Woken at 1 s rather than at its 5 s poll: done after its own 1 s call.
    await clock.advance(1_000);
    expect(second).toMatchObject({ done: true, error: undefined });
    expect(clock.now()).toBe(T0 + 2_000);
  });

  it("waits no longer than the request's deadline: refuses at once when room comes later", async () => {
    const { model, clock } = setup({ limits: { model: { requestsPerMinute: 1 } }, maxWaitMs });
    await model.generate(ask());
    const late = track(model.generate(ask({ deadlineAt: T0 + 30_000 })));
    await clock.advance(0);
    expect(late.error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 61_000 });
    const inTime = track(model.generate(ask({ deadlineAt: T0 + 70_000 })));
    await clock.advance(61_000);
    expect(inTime).toMatchObject({ done: true, error: undefined });
  });

  it("gives up a wait in line at the request's deadline, before maxWaitMs", async () => {
    const { model, clock } = setup(
      { limits: { model: { concurrentRequests: 1 } }, maxWaitMs: 30_000 },
      { script: { text: 'slow', delayMs: 10_000 } },
    );
    track(model.generate(ask()));
    await clock.advance(0);
    const bounded = track(model.generate(ask({ deadlineAt: T0 + 1_000 })));
    await clock.advance(1_000);
    expect(bounded.error).toMatchObject({
      kind: 'rate_limited',
      message: expect.stringContaining(
        "Waited 1000 ms for room to call mock/mock-model, the most allowed (the request's deadlineAt)",
      ),
    });
    await clock.advance(9_000);
  });

  it('tells the layer above when a call has to wait, and when it is let through', async () => {
    const { model, clock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs: 300_000,
    });
    const seen: string[] = [];
    const hooks = (name: string) => ({
      waiting: () => seen.push(`${name} waiting at ${clock.now() - T0}`),
      admitted: () => seen.push(`${name} admitted at ${clock.now() - T0}`),
    });
    await model.generate(ask({ admission: hooks('first') }));
    // Refused without waiting (its room comes after its deadline): nothing to tell.
    await expect(
      model.generate(ask({ admission: hooks('too late'), deadlineAt: T0 + 30_000 })),
    ).rejects.toMatchObject({ kind: 'rate_limited' });
    const head = track(model.generate(ask({ admission: hooks('head') })));
    await clock.advance(1_000);
    const behind = track(model.generate(ask({ admission: hooks('behind') })));
    await clock.advance(121_000);
    expect([head, behind]).toMatchObject([
      { done: true, error: undefined },
      { done: true, error: undefined },
    ]);
    expect(seen).toEqual([
      'head waiting at 0',
      'behind waiting at 1000',
      'head admitted at 61000',
      'behind admitted at 122000',
    ]);
  });

  it('does not wait on a spent budget', async () => {
    const { model, clock } = setup({ limits: { model: { spendPerDayUsd: 0.01 } } });
    const refused = track(model.generate(ask()));
    await clock.advance(0);
    expect(refused.error).toMatchObject({ kind: 'budget_exceeded' });
  });
});

describe('failing fast', () => {
  it('may not jump a line of waiting calls', async () => {
    const { model, clock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs,
      mode: (request) => (request.metadata?.tags?.includes('batch') ? 'wait' : 'fail-fast'),
    });
    await model.generate(ask());
    await clock.advance(1_000);
    const batch = track(model.generate(ask({ metadata: { tags: ['batch'] } })));
    await clock.advance(0);
    await clock.advance(60_000);
    expect(batch).toMatchObject({ done: true, error: undefined });
    await expect(model.generate(ask())).rejects.toMatchObject({ kind: 'rate_limited' });
  });

  it('refuses while calls wait in its line, with when the line next moves', async () => {
    const { model, clock } = setup({
      limits: { model: { requestsPerMinute: 1 } },
      maxWaitMs,
      mode: (request) => (request.metadata?.tags?.includes('batch') ? 'wait' : 'fail-fast'),
    });
    await model.generate(ask());
    track(model.generate(ask({ metadata: { tags: ['batch'] } })));
    await clock.advance(1_000);
    await expect(model.generate(ask())).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 60_000,
      message: expect.stringContaining('1 call(s)'),
    });
  });

  it('rejects a mode function that answers something else, naming it', async () => {
    const { model } = setup({ limits: {}, mode: () => 'later' as 'wait' });
    await expect(model.generate(ask())).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('"mode(request)"'),
    });
  });
});

describe('headroom and spend for the router', () => {
  it('reports the least share left of request and token windows, and calls in flight', async () => {
    const { model, clock, mock } = setup({
      limits: {
        model: { requestsPerMinute: 10, tokensPerMinute: 100, concurrentRequests: 3 },
        tenant: { requestsPerMinute: 4 },
      },
    });
    mock.enqueue({ text: 'ok', usage: { inputTokens: 5, outputTokens: 3 }, hang: true });
    const controller = new AbortController();
    track(model.generate(ask({ signal: controller.signal, metadata: { tenant: 'acme' } })));
    await clock.advance(0);
    expect(await model.headroom(target)).toEqual({ requests: 0.9, tokens: 0.85, inFlight: 1 });
    expect(await model.headroom({ ...target, tenant: 'acme' })).toEqual({
      requests: 0.75,
      tokens: 0.85,
      inFlight: 1,
    });
    controller.abort();
  });

  it('reads the same headroom at once from a store in this process, and not from a shared one', async () => {
    const { model, clock, mock } = setup({
      limits: { model: { requestsPerMinute: 10, concurrentRequests: 3 } },
    });
    mock.enqueue({ text: 'ok', usage: { inputTokens: 5, outputTokens: 3 }, hang: true });
    const controller = new AbortController();
    track(model.generate(ask({ signal: controller.signal })));
    await clock.advance(0);
    expect(model.peek!(target)).toEqual(await model.headroom(target));
    expect(model.peek!({ provider: 'openai', model: 'gpt-x' })).toEqual({});
    controller.abort();
    const { readNow: _, ...shared } = createMemoryStore();
    const onShared = setup({ limits: { model: { requestsPerMinute: 10 } }, store: shared });
    expect(onShared.model.peek!(target)).toBeUndefined();
    expect(await onShared.model.headroom(target)).toMatchObject({ requests: 1 });
  });

  it('has nothing to say about another provider or model', async () => {
    const { model } = setup({ limits: { model: { requestsPerMinute: 10 } } });
    expect(await model.headroom({ provider: 'openai', model: 'gpt-x' })).toEqual({});
  });

  it('reports spend per tenant and over all calls, with the budgets that apply', async () => {
    const { model, clock } = setup({
      limits: {
        global: { spendPerDayUsd: 100, spendPerMonthUsd: 1_000 },
        tenant: { spendPerDayUsd: 1 },
        tenants: { vip: { spendPerMonthUsd: 50 } },
      },
    });
    await model.generate(ask({ metadata: { tenant: 'acme' } }));
    await model.generate(ask({ metadata: { tenant: 'vip' } }));
    await model.generate(ask());
    expect(await model.spend()).toEqual({
      dayUsd: expect.closeTo(0.033, 10),
      monthUsd: expect.closeTo(0.033, 10),
      dailyBudgetUsd: 100,
      monthlyBudgetUsd: 1_000,
    });
    expect(await model.spend('acme')).toEqual({
      dayUsd: expect.closeTo(0.011, 10),
      monthUsd: expect.closeTo(0.011, 10),
      dailyBudgetUsd: 1,
    });
    expect(await model.spend('vip')).toMatchObject({ monthlyBudgetUsd: 50 });
    await clock.advance(86_400_000);
    expect(await model.spend('acme')).toMatchObject({ dayUsd: 0, monthUsd: expect.closeTo(0.011) });
  });
});

describe('options', () => {
  const mock = setup({ limits: {} }).mock;
  const invalid = (options: unknown, field: string) => {
    try {
      rateLimit(mock, options as never);
    } catch (error) {
      expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
      expect((error as Error).message).toContain(`"${field}"`);
      return;
    }
    throw new Error(`expected ${field} to be refused`);
  };

  it('names the option that is wrong', () => {
    invalid({ limits: { model: { requestsPerMinute: 0 } } }, 'limits.model.requestsPerMinute');
    invalid({ limits: { model: { requestPerMinute: 5 } } }, 'limits.model.requestPerMinute');
    invalid({ limits: { team: {} } }, 'limits.team');
    invalid(
      { limits: { tenants: { 'sk-secret-key': { tokensPerDay: -1 } } } },
      'limits.tenants["sk-s…"].tokensPerDay',
    );
    invalid(
      { limits: { global: { windows: [{ measure: 'bytes', limit: 1, windowMs: 1 }] } } },
      'limits.global.windows[0].measure',
    );
    invalid({ limits: {}, mode: 'sometimes' }, 'mode');
    invalid({ limits: {}, maxWaitMs: -1 }, 'maxWaitMs');
    invalid({ limits: {}, store: {} }, 'store');
    invalid({ limits: {}, outage: { mode: 'ignore' } }, 'outage.mode');
    invalid({ limits: {}, outage: { mode: 'local', localShare: 2 } }, 'outage.localShare');
    invalid({ limits: {}, outage: { timeoutMs: 2_000 } }, 'outage.timeoutMs');
    invalid({ limits: {}, leaseMs: 100 }, 'leaseMs');
    invalid({ limits: {}, clock: 5 }, 'clock');
    invalid({ limits: {}, defaultMaxOutputTokens: 1.5 }, 'defaultMaxOutputTokens');
    invalid(undefined, 'options');
    expect(() => rateLimit({} as never, { limits: {} })).toThrow(/"model"/);
  });

  it('never shows a whole tenant name in an error', () => {
    try {
      rateLimit(mock, { limits: { tenants: { 'sk-secret-key': { tokensPerDay: -1 } } } });
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });

  it('refuses a tenant that is not a string, as bad input', async () => {
    const { model } = setup({ limits: {} });
    await expect(model.generate(ask({ metadata: { tenant: 42 as never } }))).rejects.toMatchObject({
      kind: 'invalid_request',
    });
  });

  it('keeps countTokens of the wrapped model', async () => {
    const counting = { ...mock, countTokens: async () => 42 };
    expect(await rateLimit(counting, { limits: {}, catalog }).countTokens?.(ask())).toBe(42);
    expect(rateLimit(mock, { limits: {} }).countTokens).toBeUndefined();
  });
});
