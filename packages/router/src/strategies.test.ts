import { createManualClock, createMemoryHealthStore, healthKey } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { RequestFacts } from './request-facts.js';
import type { StrategyConfig } from './rule-schema.js';
import { orderCandidates } from './strategies.js';
import { ask, compile, factsFor, headroomTable, requestOf } from './test-support.js';

const candidates = [
  'anthropic/claude-sonnet-4-5',
  'anthropic/claude-haiku-4-5',
  'openai/gpt-5',
  'openai/gpt-5-mini',
  'gemini/gemini-2.5-pro',
  'gemini/gemini-2.5-flash',
];

/** The candidates in the order the strategy puts them, with its notes. */
const order = async (strategy: StrategyConfig, facts: RequestFacts, only = candidates) => {
  const config = compile({ candidates, strategy });
  const chosen = config.candidates.filter((c) => only.includes(c.id));
  const ordered = await orderCandidates(config.strategy, chosen, facts);
  return ordered.map(({ candidate, note }) => (note ? `${candidate.id} ${note}` : candidate.id));
};

/** A seeded pseudo-random generator (mulberry32), so a distribution test is repeatable. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
};

describe('strategies', () => {
  it('priority keeps the configured order', async () => {
    expect(await order('priority', factsFor(ask('x')))).toEqual(candidates);
  });

  it('cheapest prices the estimated input and expected output at each model rates', async () => {
    expect(await order('cheapest', factsFor(requestOf(10_000)))).toEqual([
      'openai/gpt-5-mini ≈ $0.0045',
      'gemini/gemini-2.5-flash ≈ $0.0055',
      'anthropic/claude-haiku-4-5 ≈ $0.015',
      // A tie keeps the configured order.
      'openai/gpt-5 ≈ $0.0225',
      'gemini/gemini-2.5-pro ≈ $0.0225',
      'anthropic/claude-sonnet-4-5 ≈ $0.045',
    ]);
  });

  it('cheapest applies long-context rates and caps output at maxOutputTokens', async () => {
    const only = ['openai/gpt-5', 'gemini/gemini-2.5-pro'];
    // Past 200k input, Gemini Pro's long-context rates double its input price.
    expect(await order('cheapest', factsFor(requestOf(250_000)), only)).toEqual([
      'openai/gpt-5 ≈ $0.323',
      'gemini/gemini-2.5-pro ≈ $0.64',
    ]);
    const capped = factsFor(requestOf(1_000, { maxOutputTokens: 100 }));
    expect(
      await order({ type: 'cheapest', outputTokens: 5_000 }, capped, ['openai/gpt-5']),
    ).toEqual(['openai/gpt-5 ≈ $0.00225']);
    const long = factsFor(requestOf(1_000));
    expect(await order({ type: 'cheapest', outputTokens: 5_000 }, long, ['openai/gpt-5'])).toEqual([
      'openai/gpt-5 ≈ $0.0512',
    ]);
  });

  it('lowest-latency orders by recent mean latency, unknown last', async () => {
    const clock = createManualClock(1_000_000);
    const health = createMemoryHealthStore({ clock });
    const latencies: Record<string, number[]> = {
      'anthropic/claude-sonnet-4-5': [900, 1_100],
      'openai/gpt-5': [400, 500],
      'gemini/gemini-2.5-pro': [30_000],
    };
    for (const [id, values] of Object.entries(latencies)) {
      const [provider = '', model = ''] = id.split('/');
      for (const latencyMs of values) {
        await health.record(
          healthKey(provider, model),
          { ok: true, latencyMs, at: clock.now() },
          60_000,
        );
      }
    }
    // A failure's latency does not count: timeouts would look slow, fast errors fast.
    await health.record(
      healthKey('openai', 'gpt-5'),
      { ok: false, latencyMs: 1, at: clock.now() },
      60_000,
    );
    const only = [
      'anthropic/claude-sonnet-4-5',
      'anthropic/claude-haiku-4-5',
      'openai/gpt-5',
      'gemini/gemini-2.5-pro',
    ];
    expect(await order('lowest-latency', factsFor(ask('x'), { health, clock }), only)).toEqual([
      'openai/gpt-5 450 ms',
      'anthropic/claude-sonnet-4-5 1,000 ms',
      'gemini/gemini-2.5-pro 30 s',
      'anthropic/claude-haiku-4-5 no latency data',
    ]);
    // Latency outside the window is forgotten.
    await clock.advance(60_000);
    expect(await order('lowest-latency', factsFor(ask('x'), { health, clock }), only)).toEqual(
      only.map((id) => `${id} no latency data`),
    );
  });

  it('weighted draws the first candidate in proportion to its weight', async () => {
    const strategy: StrategyConfig = { type: 'weighted', weights: { 'openai/gpt-5': 3 } };
    const only = ['anthropic/claude-sonnet-4-5', 'openai/gpt-5'];
    // Keys are random^(1/weight): 0.6 for Claude against 0.3^(1/3) ≈ 0.67 for GPT-5.
    const draws = [0.6, 0.3];
    expect(
      await order(strategy, factsFor(ask('x'), { random: () => draws.shift()! }), only),
    ).toEqual(['openai/gpt-5 weight 3 of 4', 'anthropic/claude-sonnet-4-5 weight 1 of 4']);

    const random = seeded(42);
    let gptFirst = 0;
    const trials = 4_000;
    for (let i = 0; i < trials; i++) {
      const [first] = await order(strategy, factsFor(ask('x'), { random }), only);
      if (first?.startsWith('openai/gpt-5')) gptFirst++;
    }
    expect(gptFirst / trials).toBeGreaterThan(0.73);
    expect(gptFirst / trials).toBeLessThan(0.77);
  });

  it('least-busy orders by calls in flight, then by headroom left', async () => {
    const headroom = headroomTable({
      'anthropic/claude-sonnet-4-5': { inFlight: 3, requests: 0.9 },
      'openai/gpt-5': { inFlight: 1, requests: 0.2 },
      'gemini/gemini-2.5-pro': { inFlight: 1, tokens: 0.6, requests: 0.8 },
    });
    const only = [
      'anthropic/claude-sonnet-4-5',
      'openai/gpt-5',
      'gemini/gemini-2.5-pro',
      'openai/gpt-5-mini',
    ];
    expect(await order('least-busy', factsFor(ask('x'), { headroom }), only)).toEqual([
      'openai/gpt-5-mini 0 in flight, requests 100% left',
      'gemini/gemini-2.5-pro 1 in flight, tokens 60% left',
      'openai/gpt-5 1 in flight, requests 20% left',
      'anthropic/claude-sonnet-4-5 3 in flight, requests 90% left',
    ]);
  });
});
