import { describe, expect, it } from 'vitest';
import { aggregate, NONE, totalsOf } from './aggregate.js';
import { attempt, limiterRefusal, requestRecord } from './test-records.js';

const haiku = (fields: Parameters<typeof requestRecord>[0] = {}) =>
  requestRecord({ selected_provider: 'anthropic', model: 'claude-haiku-4-5', ...fields });

const records = [
  haiku({
    latency_ms: 100,
    cost_usd: 0.001,
    cache_read_tokens: 300,
    prompt_cache_saved_usd: 0.0003,
  }),
  haiku({
    latency_ms: 300,
    cost_usd: 0.003,
    cache_write_tokens: 300,
    prompt_cache_saved_usd: -0.0001,
  }),
  haiku({ latency_ms: 200, cost_usd: 0.002 }),
  haiku({
    latency_ms: 2,
    cost_usd: 0,
    cache_hit: true,
    saved_cost_usd: 0.002,
    cache_read_tokens: 300,
    attempt_log: [],
    attempts: 0,
  }),
  // Claude overloaded, answered by OpenAI.
  requestRecord({
    selected_provider: 'openai',
    model: 'gpt-5',
    latency_ms: 900,
    cost_usd: 0.01,
    attempts: 2,
    failover_attempts: 1,
    attempt_log: [
      attempt('anthropic', 'claude-haiku-4-5', 'error', 'overloaded'),
      attempt('openai', 'gpt-5'),
    ],
  }),
  // Both failed: the request counts where it failed last.
  requestRecord({
    selected_provider: null,
    model: null,
    latency_ms: 1500,
    cost_usd: 0,
    input_tokens: 0,
    output_tokens: 0,
    attempts: 2,
    failover_attempts: 1,
    error_kind: 'all_attempts_failed',
    attempt_log: [
      attempt('anthropic', 'claude-haiku-4-5', 'error', 'overloaded'),
      attempt('openai', 'gpt-5', 'error', 'rate_limited'),
    ],
  }),
  // Refused before any call, with no task.
  requestRecord({
    selected_provider: null,
    model: null,
    task: null,
    latency_ms: 1,
    cost_usd: 0,
    input_tokens: 0,
    output_tokens: 0,
    attempts: 0,
    error_kind: 'budget_exceeded',
    attempt_log: [],
  }),
];

describe('aggregate', () => {
  it('groups by provider, model and task', () => {
    const groups = aggregate(records, { byTask: true });
    expect(groups.map((g) => [g.provider, g.model, g.task])).toEqual([
      [NONE, NONE, NONE],
      ['anthropic', 'claude-haiku-4-5', 'classification'],
      ['openai', 'gpt-5', 'classification'],
    ]);
    const [none, claude, openai] = groups;
    expect(none).toMatchObject({
      requests: 1,
      failed: 1,
      refused: 1,
      calls: 0,
      errorRate: 0,
      refusals: 1,
      refusalKinds: { budget_exceeded: 1 },
    });
    expect(claude).toMatchObject({
      requests: 4,
      failed: 0,
      calls: 5,
      callErrors: 2,
      errorRate: 0.4,
      errorKinds: { overloaded: 2 },
      p50Ms: 200,
      p95Ms: 300,
      cacheHits: 1,
      cacheHitRate: 0.25,
      failovers: 0,
      billedTokens: 1_800,
    });
    expect(claude!.costUsd).toBeCloseTo(0.006, 10);
    // The hit saved the cost of its call; prompt caching saved on the calls, not the hit.
    expect(claude!.savedUsd).toBeCloseTo(0.002, 10);
    expect(claude!.cacheReadTokens).toBe(300);
    expect(claude!.promptCacheSavedUsd).toBeCloseTo(0.0002, 10);
    expect(openai).toMatchObject({
      requests: 2,
      failed: 1,
      calls: 2,
      callErrors: 1,
      errorRate: 0.5,
      errorKinds: { rate_limited: 1 },
      p50Ms: 900,
      failovers: 1,
      costUsd: 0.01,
    });
  });

  it('groups by provider and model only', () => {
    const groups = aggregate([...records, haiku({ task: 'code', latency_ms: 400 })], {
      byTask: false,
    });
    expect(groups.map((g) => [g.provider, g.model, g.task])).toEqual([
      [NONE, NONE, undefined],
      ['anthropic', 'claude-haiku-4-5', undefined],
      ['openai', 'gpt-5', undefined],
    ]);
    expect(groups[1]).toMatchObject({ requests: 5, p50Ms: 200, p95Ms: 400 });
  });
});

describe('totalsOf', () => {
  it('adds up every request', () => {
    const totals = totalsOf(records);
    expect(totals).toMatchObject({
      requests: 7,
      failed: 2,
      refused: 1,
      refusals: 1,
      calls: 7,
      callErrors: 3,
      cacheHits: 1,
      failedOver: 2,
      failoverMoves: 2,
      p50Ms: 200,
      p95Ms: 1500,
    });
    expect(totals.costUsd).toBeCloseTo(0.016, 10);
    expect(totals.savedUsd).toBeCloseTo(0.002, 10);
    expect(totals.cacheReadTokens).toBe(300);
    expect(totals.promptCacheSavedUsd).toBeCloseTo(0.0002, 10);
  });
});

describe("llmux's own limiter refusals", () => {
  const failed = (fields: Parameters<typeof requestRecord>[0]) =>
    requestRecord({ selected_provider: null, model: null, cost_usd: 0, ...fields });
  const refusalRecords = [
    // Refused at every candidate: the limiter's own error (logs from now on)...
    failed({
      error_kind: 'rate_limited',
      attempt_log: [
        limiterRefusal('anthropic', 'claude-haiku-4-5'),
        limiterRefusal('openai', 'gpt-5'),
      ],
    }),
    // ... and as older logs have it.
    failed({
      error_kind: 'all_attempts_failed',
      attempt_log: [
        limiterRefusal('anthropic', 'claude-haiku-4-5'),
        limiterRefusal('openai', 'gpt-5', 'budget_exceeded'),
      ],
    }),
    // Refused at one candidate, answered by the next.
    requestRecord({
      selected_provider: 'openai',
      model: 'gpt-5',
      attempt_log: [limiterRefusal('anthropic', 'claude-haiku-4-5'), attempt('openai', 'gpt-5')],
    }),
    // A provider's 429 and a refusal: a provider failed it.
    failed({
      error_kind: 'all_attempts_failed',
      attempt_log: [
        attempt('anthropic', 'claude-haiku-4-5', 'error', 'rate_limited'),
        limiterRefusal('openai', 'gpt-5'),
      ],
    }),
  ];

  it('counts refusals apart from calls, so they are not in the error rate', () => {
    const [claude, openai] = aggregate(refusalRecords, { byTask: false });
    expect(claude).toMatchObject({
      provider: 'anthropic',
      calls: 1,
      callErrors: 1,
      errorRate: 1,
      errorKinds: { rate_limited: 1 },
      refusals: 3,
      refusalKinds: { rate_limited: 3 },
    });
    expect(openai).toMatchObject({
      provider: 'openai',
      requests: 4,
      failed: 3,
      refused: 2,
      calls: 1,
      callErrors: 0,
      errorRate: 0,
      errorKinds: {},
      refusals: 3,
      refusalKinds: { rate_limited: 2, budget_exceeded: 1 },
    });
  });

  it('tells requests refused by the limiter from those a provider failed, in the totals', () => {
    expect(totalsOf(refusalRecords)).toMatchObject({
      requests: 4,
      failed: 3,
      refused: 2,
      calls: 2,
      callErrors: 1,
      refusals: 6,
    });
  });
});
