import {
  createManualClock,
  createMemoryHealthStore,
  createMemorySpendLedger,
  type GenerateRequest,
  healthKey,
  LlmuxError,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createBalancer } from './balance-deployments.js';
import { planRoute } from './plan.js';
import type { RequestFacts } from './request-facts.js';
import type { RouterConfig } from './rule-schema.js';
import { ask, compile, factsFor, headroomTable, idsOf, requestOf } from './test-support.js';

const candidates = ['anthropic/claude-sonnet-4-5', 'gemini/gemini-2.5-pro', 'openai/gpt-5'];

const plan = (config: Partial<RouterConfig>, facts: RequestFacts) =>
  planRoute(compile({ candidates, ...config }), facts, createBalancer());

/** The error a plan fails with. */
const failure = async (config: Partial<RouterConfig>, facts: RequestFacts): Promise<LlmuxError> => {
  const error = await plan(config, facts).catch((e: unknown) => e);
  if (!LlmuxError.isInstance(error)) throw new Error('the plan did not fail with an LlmuxError');
  return error;
};

const imageRequest: GenerateRequest = {
  messages: [
    {
      role: 'user',
      content: [
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AA==' } },
      ],
    },
  ],
};

describe('planRoute', () => {
  it('lets the first matching rule choose, then falls back to every other candidate', async () => {
    const rules = [
      {
        name: 'long-context',
        when: { inputTokens: { gt: 100_000 } },
        route: ['gemini/gemini-2.5-pro'],
      },
      { name: 'big', when: { inputTokens: { gt: 50_000 } }, route: ['openai/gpt-5'] },
    ];
    const result = await plan({ rules }, factsFor(requestOf(120_400)));
    expect(result).toEqual({
      reason: 'rule "long-context": input ≈ 120,400 tokens > 100,000 → gemini/gemini-2.5-pro',
      candidates: [
        { provider: 'gemini', model: 'gemini-2.5-pro', reason: 'chosen by rule "long-context"' },
        { provider: 'anthropic', model: 'claude-sonnet-4-5', reason: 'fallback' },
        { provider: 'openai', model: 'gpt-5', reason: 'fallback' },
      ],
    });
    const second = await plan({ rules }, factsFor(requestOf(60_000)));
    expect(second.reason).toBe('rule "big": input ≈ 60,000 tokens > 50,000 → openai/gpt-5');
    expect(idsOf(second)).toEqual([
      'openai/gpt-5',
      'anthropic/claude-sonnet-4-5',
      'gemini/gemini-2.5-pro',
    ]);
  });

  it('uses every candidate by the default strategy when no rule matches', async () => {
    const rules = [{ name: 'code', when: { task: 'code' }, route: ['openai'] }];
    const result = await plan({ rules, strategy: 'cheapest' }, factsFor(ask('Tell me a joke')));
    expect(result.reason).toBe('no rule matched → gemini/gemini-2.5-pro');
    expect(result.candidates.map((c) => c.reason)).toEqual([
      'no rule matched (cheapest: ≈ $0.01)',
      'no rule matched (cheapest: ≈ $0.01)',
      'no rule matched (cheapest: ≈ $0.015)',
    ]);
    expect(idsOf(result)).toEqual([
      'gemini/gemini-2.5-pro',
      'openai/gpt-5',
      'anthropic/claude-sonnet-4-5',
    ]);
  });

  it('a rule without conditions always matches', async () => {
    const result = await plan(
      { rules: [{ name: 'default', route: ['openai'] }] },
      factsFor(ask('x')),
    );
    expect(result.reason).toBe('rule "default": always → openai/gpt-5');
  });

  it('orders each tier of a route by the rule strategy, the rest after', async () => {
    const config: Partial<RouterConfig> = {
      candidates: [...candidates, 'gemini/gemini-2.5-flash', 'openai/gpt-5-mini'],
      rules: [
        {
          name: 'cheap-first',
          route: [['anthropic/claude-sonnet-4-5', 'gemini/gemini-2.5-flash'], 'openai'],
          strategy: 'cheapest',
        },
      ],
    };
    const result = await plan(config, factsFor(requestOf(1_000)));
    expect(result.candidates).toEqual([
      {
        provider: 'gemini',
        model: 'gemini-2.5-flash',
        reason: 'chosen by rule "cheap-first" (cheapest: ≈ $0.0028)',
      },
      {
        provider: 'anthropic',
        model: 'claude-sonnet-4-5',
        reason: 'chosen by rule "cheap-first" (cheapest: ≈ $0.018)',
      },
      {
        provider: 'openai',
        model: 'gpt-5-mini',
        reason: 'next choice of rule "cheap-first" (cheapest: ≈ $0.00225)',
      },
      {
        provider: 'openai',
        model: 'gpt-5',
        reason: 'next choice of rule "cheap-first" (cheapest: ≈ $0.0112)',
      },
      { provider: 'gemini', model: 'gemini-2.5-pro', reason: 'fallback (cheapest: ≈ $0.0112)' },
    ]);
  });

  it('a rule with only a strategy orders every candidate', async () => {
    const rules = [{ name: 'saver', strategy: 'cheapest' as const }];
    const result = await plan({ rules }, factsFor(requestOf(1_000)));
    expect(idsOf(result)).toEqual([
      'gemini/gemini-2.5-pro',
      'openai/gpt-5',
      'anthropic/claude-sonnet-4-5',
    ]);
    expect(result.candidates[0]?.reason).toBe('chosen by rule "saver" (cheapest: ≈ $0.0112)');
  });

  it('keeps an exclusive rule to its route', async () => {
    const rules = [
      { name: 'eu-only', when: { tenant: 'eu-bank' }, route: ['gemini'], exclusive: true },
    ];
    const result = await plan({ rules }, factsFor(ask('x', { metadata: { tenant: 'eu-bank' } })));
    expect(idsOf(result)).toEqual(['gemini/gemini-2.5-pro']);
  });

  it('moves an unhealthy candidate to the end and says why', async () => {
    const clock = createManualClock(5_000_000);
    const health = createMemoryHealthStore({ clock });
    await health.transition(healthKey('anthropic', 'claude-sonnet-4-5'), 'closed', {
      state: 'open',
      since: clock.now(),
    });
    const rules = [
      {
        name: 'long-context',
        when: { inputTokens: { gt: 100_000 } },
        route: ['anthropic/claude-sonnet-4-5', 'gemini/gemini-2.5-pro'],
      },
    ];
    const result = await plan({ rules }, factsFor(requestOf(120_400), { health, clock }));
    expect(result).toEqual({
      reason:
        'rule "long-context": input ≈ 120,400 tokens > 100,000 → gemini/gemini-2.5-pro; anthropic/claude-sonnet-4-5 skipped: circuit open',
      candidates: [
        {
          provider: 'gemini',
          model: 'gemini-2.5-pro',
          reason: 'next choice of rule "long-context"',
        },
        { provider: 'openai', model: 'gpt-5', reason: 'fallback' },
        {
          provider: 'anthropic',
          model: 'claude-sonnet-4-5',
          reason: 'skipped: circuit open (last resort)',
        },
      ],
    });
    // Once the circuit is old enough to probe, Claude is first again.
    await clock.advance(30_000);
    expect(idsOf(await plan({ rules }, factsFor(requestOf(120_400), { health, clock })))[0]).toBe(
      'anthropic/claude-sonnet-4-5',
    );
  });

  it('moves a rate-limited or exhausted candidate to the end', async () => {
    const clock = createManualClock(1_000_000);
    const headroom = headroomTable({
      'anthropic/claude-sonnet-4-5': { pausedUntil: 1_012_000 },
      'gemini/gemini-2.5-pro': { tokens: 0.05, requests: 0.5 },
    });
    const loose = await plan({}, factsFor(ask('x'), { headroom, clock }));
    expect(loose.reason).toBe(
      'no rule matched → gemini/gemini-2.5-pro; anthropic/claude-sonnet-4-5 skipped: rate limited for 12 s',
    );
    const strict = await plan({ minHeadroom: 0.1 }, factsFor(ask('x'), { headroom, clock }));
    expect(idsOf(strict)).toEqual([
      'openai/gpt-5',
      'anthropic/claude-sonnet-4-5',
      'gemini/gemini-2.5-pro',
    ]);
    expect(strict.candidates[2]?.reason).toBe('skipped: tokens 5% left (last resort)');
  });

  it('keeps every candidate when all are unhealthy, in plan order', async () => {
    const clock = createManualClock(1_000_000);
    const health = createMemoryHealthStore({ clock });
    for (const id of candidates) {
      const [provider = '', model = ''] = id.split('/');
      await health.transition(healthKey(provider, model), 'closed', {
        state: 'open',
        since: clock.now(),
      });
    }
    const result = await plan({}, factsFor(ask('x'), { health, clock }));
    expect(idsOf(result)).toEqual(candidates);
    expect(result.reason).toMatch(
      /^no rule matched → anthropic\/claude-sonnet-4-5; .* skipped: circuit open; /,
    );
  });

  it('leaves out candidates that lack a capability or a large enough context window', async () => {
    const config = { candidates: ['acme/text-only', 'openai/gpt-5'] };
    const images = await plan(config, factsFor(imageRequest));
    expect(images.reason).toBe(
      'no rule matched → openai/gpt-5; acme/text-only excluded: no image input',
    );
    expect(idsOf(images)).toEqual(['openai/gpt-5']);
    // 7,500 input tokens fit 8,000, but not with 1,000 output tokens on top.
    const long = await plan(config, factsFor(requestOf(7_500, { maxOutputTokens: 1_000 })));
    expect(long.reason).toBe(
      'no rule matched → openai/gpt-5; acme/text-only excluded: context window 8,000 < ≈ 8,500 tokens',
    );
    expect(idsOf(await plan(config, factsFor(requestOf(7_500))))).toEqual([
      'acme/text-only',
      'openai/gpt-5',
    ]);
  });

  it('fails when no candidate can serve the request', async () => {
    const tooLong = await failure({}, factsFor(requestOf(1_200_000)));
    expect(tooLong.kind).toBe('context_length_exceeded');
    expect(tooLong.message).toContain(
      'gemini/gemini-2.5-pro excluded: context window 1,000,000 < ≈ 1,200,000 tokens',
    );
    const images = await failure({ candidates: ['acme/text-only'] }, factsFor(imageRequest));
    expect(images.kind).toBe('invalid_request');
    expect(images.message).toBe(
      'no rule matched → no candidate can serve this request; acme/text-only excluded: no image input',
    );
  });

  it('rejects with the kind a rule says, and why', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 20));
    const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 50 });
    await spend.add(50.2, 'acme');
    const rules = [
      {
        name: 'budget-exhausted',
        when: { budget: { monthly: { gte: 1 } } },
        reject: 'budget_exceeded' as const,
      },
    ];
    const error = await failure(
      { rules },
      factsFor(ask('x', { metadata: { tenant: 'acme' } }), { spend, clock }),
    );
    expect(error.kind).toBe('budget_exceeded');
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      'rule "budget-exhausted": monthly spend $50.20 of $50.00 (100%) ≥ 100% → rejected',
    );
  });

  it('still plans when a source fails, and says so', async () => {
    // A shared store: nothing to peek at, and its reads fail.
    const { peek: _, ...health } = createMemoryHealthStore();
    health.read = () => Promise.reject(new Error('Redis connection lost'));
    const result = await plan({}, factsFor(ask('x'), { health }));
    expect(idsOf(result)).toEqual(candidates);
    expect(result.reason).toBe(
      'no rule matched → anthropic/claude-sonnet-4-5; health unavailable (Redis connection lost)',
    );
  });
});
