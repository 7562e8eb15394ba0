import {
  collectStream,
  createManualClock,
  createMemoryHealthStore,
  createMemorySpendLedger,
  createModelCatalog,
  type GenerateResponse,
  healthKey,
  type LanguageModel,
  LlmuxError,
  type LlmuxEvent,
  type StreamEvent,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it, vi } from 'vitest';
import { budgetGuardRules } from './presets.js';
import { createRouter, type RouterOptions } from './router-model.js';
import { ask, idsOf, requestOf, testCatalog } from './test-support.js';

const candidates = ['anthropic/claude-sonnet-4-5', 'openai/gpt-5', 'gemini/gemini-2.5-pro'];
const rules: RouterOptions['rules'] = [
  {
    name: 'long-context',
    when: { inputTokens: { gt: 100_000 } },
    route: ['gemini/gemini-2.5-pro'],
  },
  { name: 'short', when: { inputTokens: { lt: 10_000 } }, route: ['anthropic/claude-sonnet-4-5'] },
];

const setup = (options: Partial<RouterOptions> = {}) => {
  const clock = createManualClock(Date.UTC(2026, 10, 20));
  const mock = createMockModel({ clock });
  const events: LlmuxEvent[] = [];
  const router = createRouter({
    model: mock,
    candidates,
    rules,
    catalog: testCatalog,
    clock,
    observer: (event) => events.push(event),
    ...options,
  });
  return { clock, mock, events, router };
};

const rejection = async (promise: Promise<unknown>): Promise<LlmuxError> => {
  const error = await promise.catch((e: unknown) => e);
  if (!LlmuxError.isInstance(error)) throw new Error('expected an LlmuxError');
  return error;
};

describe('createRouter', () => {
  it('sets the plan on the request it passes to the model', async () => {
    const { mock, router } = setup();
    await router.generate(requestOf(120_400, { metadata: { requestId: 'req-1' } }));
    expect(mock.calls).toHaveLength(1);
    const route = mock.calls[0]?.route;
    expect(route?.reason).toBe(
      'rule "long-context": input ≈ 120,400 tokens > 100,000 → gemini/gemini-2.5-pro',
    );
    expect(route && idsOf(route)).toEqual([
      'gemini/gemini-2.5-pro',
      'anthropic/claude-sonnet-4-5',
      'openai/gpt-5',
    ]);
    expect(mock.calls[0]?.metadata).toEqual({ requestId: 'req-1' });
  });

  it('puts the route on the response and reports it as a route event', async () => {
    const { router, events } = setup();
    const response = await router.generate(ask('hello', { metadata: { requestId: 'req-2' } }));
    expect(response.trace.routeReason).toBe(
      'rule "short": input ≈ 6 tokens < 10,000 → anthropic/claude-sonnet-4-5',
    );
    expect(response.trace.plan?.[0]).toEqual({
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      reason: 'chosen by rule "short"',
    });
    expect(events).toEqual([
      {
        type: 'route',
        requestId: 'req-2',
        reason: response.trace.routeReason,
        plan: response.trace.plan,
      },
    ]);
  });

  it('keeps a route reason the inner layer already set', async () => {
    const inner: LanguageModel = {
      provider: 'failover',
      modelId: 'failover',
      generate: async (request) => {
        const response = await createMockModel().generate(request);
        return {
          ...response,
          trace: { ...response.trace, routeReason: 'from failover', plan: [] },
        };
      },
      stream: (request) => createMockModel().stream(request),
    };
    const { router } = setup({ model: inner });
    const response = await router.generate(ask('hello'));
    expect(response.trace).toMatchObject({ routeReason: 'from failover', plan: [] });
  });

  it('streams with the plan, and the route on the finish event', async () => {
    const { mock, router } = setup();
    const events: StreamEvent[] = [];
    for await (const event of router.stream(ask('hello stream'))) events.push(event);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'text-delta',
      'text-delta',
      'text-delta',
      'finish',
    ]);
    expect(mock.calls[0]?.route?.candidates[0]?.model).toBe('claude-sonnet-4-5');
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.trace.routeReason).toMatch(/^rule "short": /);
    const response: GenerateResponse = await collectStream(router.stream(ask('again')));
    expect(response.trace.plan).toHaveLength(3);
  });

  it('rejects over budget before any call, in generate and in stream', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 20));
    const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 10 });
    await spend.add(10, 'acme');
    const { mock, router, events } = setup({
      clock,
      spend,
      rules: [
        { name: 'broke', when: { budget: { monthly: { gte: 1 } } }, reject: 'budget_exceeded' },
        ...rules!,
      ],
    });
    const request = ask('hello', { metadata: { tenant: 'acme', requestId: 'req-3' } });
    const error = await rejection(router.generate(request));
    expect(error.kind).toBe('budget_exceeded');
    expect(error.message).toBe(
      'rule "broke": monthly spend $10.00 of $10.00 (100%) ≥ 100% → rejected',
    );
    expect(events).toEqual([
      { type: 'route', requestId: 'req-3', reason: error.message, plan: [] },
    ]);

    const streamed: StreamEvent[] = [];
    for await (const event of router.stream(request)) streamed.push(event);
    expect(streamed).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'budget_exceeded' }) },
    ]);
    expect(mock.calls).toHaveLength(0);
    // Another tenant is not over budget.
    await router.generate(ask('hello', { metadata: { tenant: 'globex' } }));
    expect(mock.calls).toHaveLength(1);
  });

  it('adds what each answer cost to a spend ledger, so budget rules see it', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 20));
    const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 10 });
    const mock = createMockModel({
      clock,
      provider: 'anthropic',
      modelId: 'claude-sonnet-4-5',
      catalog: testCatalog,
      script: { usage: { outputTokens: 400_000 } },
    });
    const { router } = setup({
      clock,
      spend,
      model: mock,
      rules: [
        { name: 'broke', when: { budget: { monthly: { gte: 1 } } }, reject: 'budget_exceeded' },
        ...rules!,
      ],
    });
    const request = ask('hello', { metadata: { tenant: 'acme' } });
    const answer = await router.generate(request);
    const streamed = await collectStream(router.stream(request));
    expect(answer.costUsd).toBeGreaterThan(0);
    expect((await spend.spend('acme')).monthUsd).toBeCloseTo(answer.costUsd + streamed.costUsd, 12);
    expect((await spend.spend('globex')).monthUsd).toBe(0);
    // $6 a call against a $10 budget: the third call is refused.
    await expect(router.generate(request)).rejects.toMatchObject({ kind: 'budget_exceeded' });
    expect(mock.calls).toHaveLength(2);
  });

  it("counts an answer its model could not price at the catalog's price, so the budget guards see it", async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 20));
    const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 10 });
    // The adapter's catalog has no price for the model: it answers at $0, as one would.
    const mock = createMockModel({
      clock,
      provider: 'anthropic',
      modelId: 'claude-sonnet-4-5',
      catalog: createModelCatalog(),
      script: { usage: { outputTokens: 400_000 } },
    });
    const { router } = setup({
      clock,
      spend,
      model: mock,
      rules: [...budgetGuardRules, ...rules!],
    });
    const request = ask('hello', { metadata: { tenant: 'acme' } });
    const answer = await router.generate(request);
    const streamed = await collectStream(router.stream(request));
    expect([answer.costUsd, streamed.costUsd]).toEqual([0, 0]);
    // 400K output at the router catalog's $15 a million, and a few input tokens at $3: $6 a call.
    const price = (usage: GenerateResponse['usage']) =>
      testCatalog.costOf(usage, 'anthropic', 'claude-sonnet-4-5');
    expect((await spend.spend('acme')).monthUsd).toBeCloseTo(
      price(answer.usage) + price(streamed.usage),
      12,
    );
    await expect(router.generate(request)).rejects.toMatchObject({ kind: 'budget_exceeded' });
    expect(mock.calls).toHaveLength(2);
  });

  it('follows health as failover records it, on the injected clock', async () => {
    const clock = createManualClock(1_000_000);
    const health = createMemoryHealthStore({ clock });
    const { router } = setup({
      clock,
      health,
      rules: [
        { name: 'claude-down', when: { unhealthy: 'anthropic' }, route: ['openai'] },
        ...rules!,
      ],
    });
    const key = healthKey('anthropic', 'claude-sonnet-4-5');
    for (let i = 0; i < 10; i++)
      await health.record(key, { ok: false, latencyMs: 50, at: clock.now() }, 60_000);
    const plan = await router.plan(ask('hello'));
    expect(plan.reason).toBe(
      'rule "claude-down": anthropic unhealthy (anthropic/claude-sonnet-4-5 error rate 100% (10/10)) → openai/gpt-5; anthropic/claude-sonnet-4-5 skipped: error rate 100% (10/10)',
    );
    expect(idsOf(plan)).toEqual([
      'openai/gpt-5',
      'gemini/gemini-2.5-pro',
      'anthropic/claude-sonnet-4-5',
    ]);
    await clock.advance(60_001);
    expect((await router.plan(ask('hello'))).reason).toMatch(/^rule "short"/);
  });

  it('forgets the failures that opened a circuit once it has closed again, as failover does', async () => {
    const clock = createManualClock(1_000_000);
    const health = createMemoryHealthStore({ clock });
    const { router } = setup({ clock, health });
    const key = healthKey('anthropic', 'claude-sonnet-4-5');
    const record = (ok: boolean) =>
      health.record(key, { ok, latencyMs: 50, at: clock.now() }, 60_000);
    for (let i = 0; i < 10; i++) await record(false);
    await health.transition(key, 'closed', { state: 'open', since: clock.now() });
    expect((await router.plan(ask('hello'))).reason).toContain('skipped: circuit open');
    await clock.advance(30_000);
    // Failover's probe succeeds and closes the circuit.
    await health.transition(key, 'open', { state: 'half-open', since: clock.now() });
    await record(true);
    await health.transition(key, 'half-open', { state: 'closed', since: clock.now() });
    const plan = await router.plan(ask('hello'));
    expect(plan.reason).toBe(
      'rule "short": input ≈ 6 tokens < 10,000 → anthropic/claude-sonnet-4-5',
    );
    // Failures after it closed count again.
    await clock.advance(1_000);
    for (let i = 0; i < 10; i++) await record(false);
    expect((await router.plan(ask('hello'))).reason).toContain('skipped: error rate 100% (10/10)');
  });

  it('counts tokens exactly with a token counter', async () => {
    const countTokens = vi.fn(async () => 150_000);
    const { mock, router } = setup({ tokenCounter: { countTokens } });
    await router.generate(ask('short text, long tokens'));
    expect(countTokens).toHaveBeenCalledTimes(1);
    expect(mock.calls[0]?.route?.reason).toBe(
      'rule "long-context": input 150,000 tokens > 100,000 → gemini/gemini-2.5-pro',
    );
  });

  it('passes countTokens of the wrapped model through, and can count with it', async () => {
    const { router: plain } = setup();
    expect(plain.countTokens).toBeUndefined();
    const mock = createMockModel();
    const counting = { ...mock, countTokens: vi.fn(async () => 150_000) };
    const { router } = setup({ model: counting, tokenCounter: counting });
    expect(await router.countTokens?.(ask('hi'))).toBe(150_000);
    const response = await router.generate(ask('short text, long tokens'));
    expect(response.trace.routeReason).toMatch(/^rule "long-context": input 150,000 tokens/);
  });

  it('passes the plan failure through: no candidate fits', async () => {
    const { mock, router, events } = setup();
    const error = await rejection(router.generate(requestOf(1_100_000)));
    expect(error.kind).toBe('context_length_exceeded');
    expect(mock.calls).toHaveLength(0);
    expect(events[0]).toMatchObject({ type: 'route', plan: [] });
  });

  it('rejects a bad request and a bad configuration with typed errors', async () => {
    const { router } = setup();
    const bad = await rejection(router.generate({} as never));
    expect(bad.kind).toBe('invalid_request');
    expect(bad.message).toBe('request.messages must be a list of messages');

    const build = (options: Partial<RouterOptions>) => () => setup(options);
    expect(
      build({ rules: [{ name: 'x', when: { inputTokens: { gt: 0 } }, route: ['openai'] }] }),
    ).toThrow('rules[0].when.inputTokens.gt must be a positive number');
    expect(
      build({ rules: [{ name: 'x', when: { unhealthy: 'anthropic' }, route: ['openai'] }] }),
    ).toThrow('rules[0].when.unhealthy needs a health source');
    expect(build({ model: {} as never })).toThrow('createRouter: model must be a LanguageModel');
    expect(build({ tokenCounter: {} })).toThrow('tokenCounter has no countTokens method');
    expect(build({ strategy: 'fastest' as never, ...({ rulez: [] } as object) })).toThrow(
      /config\.rulez is not known .*; strategy must be one of/,
    );
  });

  it('loads a configuration from JSON', async () => {
    const json = JSON.stringify({
      candidates: [...candidates].reverse(),
      rules,
      strategy: { type: 'weighted', weights: { 'openai/gpt-5': 2 } },
    });
    const { router } = setup({ ...JSON.parse(json), random: () => 0.5 });
    // The fallbacks are weighted: 0.5^(1/2) for GPT-5 beats 0.5 for Gemini.
    expect(idsOf(await router.plan(ask('hello')))).toEqual([
      'anthropic/claude-sonnet-4-5',
      'openai/gpt-5',
      'gemini/gemini-2.5-pro',
    ]);
  });
});
