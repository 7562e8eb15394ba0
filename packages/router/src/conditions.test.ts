import {
  createManualClock,
  createMemoryHealthStore,
  createMemorySpendLedger,
  type HealthStore,
  healthKey,
} from '@llmux/core';
import { describe, expect, it, vi } from 'vitest';
import { matchRule } from './conditions.js';
import type { RequestFacts } from './request-facts.js';
import type { WhenConfig } from './rule-schema.js';
import { ask, compile, factsFor, headroomTable, requestOf } from './test-support.js';

const candidates = [
  'anthropic/claude-sonnet-4-5',
  'anthropic/claude-haiku-4-5',
  'openai/gpt-5',
  'gemini/gemini-2.5-pro',
];

/** Whether a rule with these conditions matches, and what it found. */
const match = (when: WhenConfig, facts: RequestFacts) => {
  const config = compile({ candidates, rules: [{ name: 'r', when, route: ['openai'] }] });
  return matchRule(config.rules[0]!, facts, config.healthPolicy);
};

describe('conditions', () => {
  it('inputTokens: compares the estimate with each bound', async () => {
    const when = { inputTokens: { gt: 100_000 } };
    expect(await match(when, factsFor(requestOf(120_400)))).toEqual([
      'input ≈ 120,400 tokens > 100,000',
    ]);
    expect(await match(when, factsFor(requestOf(100_000)))).toBeUndefined();
    const between = { inputTokens: { gte: 1_000, lte: 10_000 } };
    expect(await match(between, factsFor(requestOf(1_000)))).toEqual([
      'input ≈ 1,000 tokens ≥ 1,000 and ≤ 10,000',
    ]);
    expect(await match(between, factsFor(requestOf(10_001)))).toBeUndefined();
  });

  it('inputTokens: uses the exact count of a token counter, and the estimate if it fails', async () => {
    const when = { inputTokens: { lt: 1_000 } };
    const counter = { countTokens: vi.fn(async () => 900) };
    expect(await match(when, factsFor(requestOf(5_000), { tokenCounter: counter }))).toEqual([
      'input 900 tokens < 1,000',
    ]);
    const broken = factsFor(requestOf(500), {
      tokenCounter: { countTokens: async () => Promise.reject(new Error('count endpoint down')) },
    });
    expect(await match(when, broken)).toEqual(['input ≈ 500 tokens < 1,000']);
    expect([...broken.notes]).toEqual(['token count unavailable (count endpoint down)']);
  });

  it('task: takes metadata.task over the classifier', async () => {
    const classifier = vi.fn(() => 'summarization');
    const given = factsFor(ask('hello', { metadata: { task: 'code' } }), { classifier });
    expect(await match({ task: ['code', 'reasoning'] }, given)).toEqual(['task "code"']);
    expect(classifier).not.toHaveBeenCalled();

    const classified = factsFor(ask('hello'), { classifier });
    expect(await match({ task: 'summarization' }, classified)).toEqual([
      'task "summarization" (classified)',
    ]);
    expect(classifier).toHaveBeenCalledWith(expect.anything(), { inputTokens: 6 });
    expect(await match({ task: 'code' }, classified)).toBeUndefined();
  });

  it('task: uses the default heuristic, and a failing classifier matches no task', async () => {
    expect(
      await match({ task: 'code' }, factsFor(ask('Write a Python function to parse dates'))),
    ).toEqual(['task "code" (classified)']);
    const facts = factsFor(ask('hi'), {
      classifier: () => {
        throw new Error('model said no');
      },
    });
    expect(await match({ task: 'chat' }, facts)).toBeUndefined();
    expect([...facts.notes]).toEqual(['task classifier unavailable (model said no)']);
  });

  it('tags: needs one of any and all of all', async () => {
    const facts = factsFor(ask('x', { metadata: { tags: ['batch', 'eu', 'beta'] } }));
    expect(await match({ tags: { any: ['urgent', 'batch'] } }, facts)).toEqual(['tag "batch"']);
    expect(await match({ tags: { all: ['eu', 'beta'] } }, facts)).toEqual(['tags "eu", "beta"']);
    expect(await match({ tags: { any: ['urgent'] } }, facts)).toBeUndefined();
    expect(await match({ tags: { all: ['eu', 'us'] } }, facts)).toBeUndefined();
    expect(await match({ tags: { any: ['batch'] } }, factsFor(ask('x')))).toBeUndefined();
  });

  it('tenant: matches listed tenants only', async () => {
    const acme = factsFor(ask('x', { metadata: { tenant: 'acme' } }));
    expect(await match({ tenant: ['globex', 'acme'] }, acme)).toEqual(['tenant "acme"']);
    expect(await match({ tenant: 'globex' }, acme)).toBeUndefined();
    expect(await match({ tenant: 'acme' }, factsFor(ask('x')))).toBeUndefined();
  });

  it('needs: reads tools, images and JSON output off the request', async () => {
    const request = ask('x', {
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is this?' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
          ],
        },
      ],
      tools: [{ name: 'lookup', parameters: { type: 'object' } }],
      responseFormat: { type: 'json', schema: { type: 'object' } },
    });
    expect(await match({ needs: ['images', 'tools', 'jsonSchema'] }, factsFor(request))).toEqual([
      'needs images, tools, jsonSchema',
    ]);
    expect(await match({ needs: 'json' }, factsFor(request))).toBeUndefined();
    expect(
      await match({ needs: 'tools' }, factsFor({ ...request, toolChoice: 'none' })),
    ).toBeUndefined();
    expect(
      await match({ needs: 'json' }, factsFor(ask('x', { responseFormat: { type: 'json' } }))),
    ).toEqual(['needs json']);
  });

  it('budget: compares the share of the tenant budget spent', async () => {
    const clock = createManualClock(Date.UTC(2026, 10, 20));
    const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 100, dailyBudgetUsd: 10 });
    await spend.add(79, 'acme');
    const acme = ask('x', { metadata: { tenant: 'acme' } });
    const at80 = { budget: { monthly: { gte: 0.8 } } };
    expect(await match(at80, factsFor(acme, { spend, clock }))).toBeUndefined();
    await spend.add(3, 'acme');
    expect(await match(at80, factsFor(acme, { spend, clock }))).toEqual([
      'monthly spend $82.00 of $100.00 (82%) ≥ 80%',
    ]);
    // Another tenant's spend is its own.
    expect(
      await match(at80, factsFor(ask('x', { metadata: { tenant: 'globex' } }), { spend, clock })),
    ).toBeUndefined();
    // The day rolls over on the clock: today's spend starts again, the month's does not.
    expect(await match({ budget: { daily: { gt: 1 } } }, factsFor(acme, { spend, clock }))).toEqual(
      ['daily spend $82.00 of $10.00 (820%) > 100%'],
    );
    await clock.advance(24 * 3_600_000);
    expect(
      await match({ budget: { daily: { gt: 1 } } }, factsFor(acme, { spend, clock })),
    ).toBeUndefined();
    expect(await match(at80, factsFor(acme, { spend, clock }))).toHaveLength(1);
  });

  it('budget: never matches without a budget, or when spend cannot be read', async () => {
    const spend = createMemorySpendLedger();
    await spend.add(1_000);
    expect(
      await match({ budget: { monthly: { gte: 0 } } }, factsFor(ask('x'), { spend })),
    ).toBeUndefined();
    const down = factsFor(ask('x'), {
      spend: { spend: () => Promise.reject(new Error('ECONNREFUSED')) },
    });
    expect(await match({ budget: { monthly: { gte: 0 } } }, down)).toBeUndefined();
    expect([...down.notes]).toEqual(['spend unavailable (ECONNREFUSED)']);
  });

  it('headroom: every candidate of the target below the share, or paused', async () => {
    const clock = createManualClock(1_000_000);
    const headroom = headroomTable({
      'anthropic/claude-sonnet-4-5': { requests: 0.5, tokens: 0.05 },
      'anthropic/claude-haiku-4-5': { pausedUntil: 1_030_000 },
      'openai/gpt-5': { requests: 0.9 },
    });
    const low = { headroom: { of: 'anthropic', below: 0.1 } };
    expect(await match(low, factsFor(ask('x'), { headroom, clock }))).toEqual([
      'anthropic headroom < 10% (anthropic/claude-sonnet-4-5 tokens 5% left; anthropic/claude-haiku-4-5 rate limited)',
    ]);
    await clock.advance(30_000);
    expect(await match(low, factsFor(ask('x'), { headroom, clock }))).toBeUndefined();
    expect(
      await match({ headroom: { of: 'openai', below: 0.5 } }, factsFor(ask('x'), { headroom })),
    ).toBeUndefined();
    expect(
      await match({ headroom: { of: 'gemini', below: 0.5 } }, factsFor(ask('x'), { headroom })),
    ).toBeUndefined();
  });

  describe('unhealthy', () => {
    const sonnet = healthKey('anthropic', 'claude-sonnet-4-5');
    const haiku = healthKey('anthropic', 'claude-haiku-4-5');
    const setup = () => {
      const clock = createManualClock(1_000_000);
      return { clock, health: createMemoryHealthStore({ clock }) };
    };
    const record = async (
      health: HealthStore,
      key: string,
      at: number,
      outcomes: boolean[],
      latencyMs = 100,
    ) => {
      for (const ok of outcomes) await health.record(key, { ok, latencyMs, at }, 60_000);
    };

    it('matches when every candidate of the target is unhealthy, by circuit or error rate', async () => {
      const { clock, health } = setup();
      await health.transition(sonnet, 'closed', { state: 'open', since: clock.now() });
      const when = { unhealthy: 'anthropic' };
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toBeUndefined();
      const someFail = [false, false, false, true, false];
      await record(health, haiku, clock.now(), [...someFail, ...someFail]);
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toEqual([
        'anthropic unhealthy (anthropic/claude-sonnet-4-5 circuit open; anthropic/claude-haiku-4-5 error rate 80% (8/10))',
      ]);
      expect(
        await match(
          { unhealthy: 'anthropic/claude-sonnet-4-5' },
          factsFor(ask('x'), { health, clock }),
        ),
      ).toEqual([
        'anthropic/claude-sonnet-4-5 unhealthy (anthropic/claude-sonnet-4-5 circuit open)',
      ]);
    });

    it('counts the error rate only over enough recent calls', async () => {
      const { clock, health } = setup();
      await record(health, sonnet, clock.now(), Array<boolean>(9).fill(false));
      const when = { unhealthy: 'anthropic/claude-sonnet-4-5' };
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toBeUndefined();
      await record(health, sonnet, clock.now(), [true]);
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toHaveLength(1);
      // The failures age out of the 60 s window.
      await clock.advance(60_000);
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toBeUndefined();
    });

    it('treats an open circuit old enough to probe, or half-open, as healthy', async () => {
      const { clock, health } = setup();
      await health.transition(sonnet, 'closed', { state: 'open', since: clock.now() });
      const when = { unhealthy: 'anthropic/claude-sonnet-4-5' };
      await clock.advance(29_999);
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toHaveLength(1);
      await clock.advance(1);
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toBeUndefined();
      await health.transition(sonnet, 'open', { state: 'half-open', since: clock.now() });
      expect(await match(when, factsFor(ask('x'), { health, clock }))).toBeUndefined();
    });

    it('flags slow candidates when the policy sets a latency limit', async () => {
      const { clock, health } = setup();
      await record(health, sonnet, clock.now(), [true, true], 6_000);
      const config = compile({
        candidates,
        rules: [
          { name: 'slow', when: { unhealthy: 'anthropic/claude-sonnet-4-5' }, route: ['openai'] },
        ],
        healthPolicy: { maxLatencyMs: 5_000 },
      });
      expect(
        await matchRule(
          config.rules[0]!,
          factsFor(ask('x'), { health, clock }),
          config.healthPolicy,
        ),
      ).toEqual([
        'anthropic/claude-sonnet-4-5 unhealthy (anthropic/claude-sonnet-4-5 latency 6,000 ms > 5,000 ms)',
      ]);
    });
  });

  it('stops at the first condition that fails, reading no state for the rest', async () => {
    const health = createMemoryHealthStore();
    const read = vi.spyOn(health, 'read');
    const classifier = vi.fn(() => 'code');
    const facts = factsFor(requestOf(50), { health, classifier });
    const when = { inputTokens: { gt: 1_000 }, task: 'code', unhealthy: 'anthropic' };
    expect(await match(when, facts)).toBeUndefined();
    expect(read).not.toHaveBeenCalled();
    expect(classifier).not.toHaveBeenCalled();
  });

  it('joins what every condition found', async () => {
    const facts = factsFor(requestOf(2_000, { metadata: { tenant: 'acme', task: 'code' } }));
    expect(
      await match({ tenant: 'acme', inputTokens: { lt: 4_000 }, task: 'code' }, facts),
    ).toEqual(['tenant "acme"', 'input ≈ 2,000 tokens < 4,000', 'task "code"']);
  });
});
