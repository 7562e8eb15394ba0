import type { RequestRecord } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { aggregate } from './aggregate.js';
import { suggestRoutes } from './suggestions.js';
import { attempt, limiterRefusal, requestRecord } from './test-records.js';

const many = (n: number, make: (i: number) => RequestRecord) =>
  Array.from({ length: n }, (_, i) => make(i));

const served = (
  provider: string,
  model: string,
  task: string,
  fields: Partial<RequestRecord> = {},
) =>
  requestRecord({
    selected_provider: provider,
    model,
    task,
    attempt_log: [attempt(provider, model)],
    ...fields,
  });

/** The suggestions' kinds, tasks and messages; their evidence is tested on its own. */
const suggestionsFor = (records: RequestRecord[]) =>
  suggestRoutes(aggregate(records, { byTask: true })).map(({ evidence, ...said }) => said);

describe('suggestRoutes', () => {
  it('finds a provider consistently slower on a task', () => {
    const suggestions = suggestionsFor([
      ...many(6, (i) =>
        served('anthropic', 'claude-sonnet-4-6', 'code', { latency_ms: 3_000 + i * 100 }),
      ),
      ...many(6, (i) => served('openai', 'gpt-5', 'code', { latency_ms: 1_000 + i * 100 })),
    ]);
    expect(suggestions).toEqual([
      {
        kind: 'slower-provider',
        task: 'code',
        message: expect.stringMatching(
          /^On code tasks anthropic is slower: .*p50 3\.20 s.*1\.20 s \/ 1\.50 s.*Route latency-sensitive code requests to openai first/,
        ),
      },
    ]);
  });

  it('does not call a provider slower for a small difference or a few samples', () => {
    expect(
      suggestionsFor([
        ...many(6, () => served('anthropic', 'claude-sonnet-4-6', 'code', { latency_ms: 1_200 })),
        ...many(6, () => served('openai', 'gpt-5', 'code', { latency_ms: 1_000 })),
      ]),
    ).toEqual([]);
    expect(
      suggestionsFor([
        ...many(4, () => served('anthropic', 'claude-sonnet-4-6', 'code', { latency_ms: 5_000 })),
        ...many(6, () => served('openai', 'gpt-5', 'code', { latency_ms: 1_000 })),
      ]),
    ).toEqual([]);
  });

  it('finds a cheaper model with the same error rate than the one a task goes to', () => {
    const suggestions = suggestionsFor([
      ...many(8, () =>
        served('anthropic', 'claude-sonnet-4-6', 'summarization', { cost_usd: 0.009 }),
      ),
      ...many(6, () => served('gemini', 'gemini-2.5-pro', 'summarization', { cost_usd: 0.003 })),
    ]);
    expect(suggestions).toEqual([
      {
        kind: 'cheaper-model',
        task: 'summarization',
        message:
          'Most summarization requests went to anthropic/claude-sonnet-4-6 (8 answered, $15.00 per million tokens, 0.0% of calls failed); gemini/gemini-2.5-pro answered 6 at $5.00 with 0.0% failed. Sending summarization to gemini-2.5-pro first would cost 66.7% less per token.',
      },
    ]);
  });

  it('says nothing when a task already goes to its cheapest model', () => {
    const suggestions = suggestionsFor([
      ...many(6, () =>
        served('anthropic', 'claude-sonnet-4-6', 'summarization', { cost_usd: 0.009 }),
      ),
      ...many(8, () => served('gemini', 'gemini-2.5-pro', 'summarization', { cost_usd: 0.003 })),
    ]);
    expect(suggestions).toEqual([]);
  });

  it('does not suggest a cheaper model that fails more', () => {
    const flaky = (i: number) =>
      served('gemini', 'gemini-2.5-pro', 'summarization', {
        cost_usd: 0.003,
        attempt_log:
          i < 2
            ? [
                attempt('gemini', 'gemini-2.5-pro', 'error', 'server_error'),
                attempt('gemini', 'gemini-2.5-pro'),
              ]
            : [attempt('gemini', 'gemini-2.5-pro')],
      });
    const kinds = suggestionsFor([
      ...many(6, () =>
        served('anthropic', 'claude-sonnet-4-6', 'summarization', { cost_usd: 0.009 }),
      ),
      ...many(6, flaky),
    ]).map((s) => s.kind);
    expect(kinds).not.toContain('cheaper-model');
  });

  it('suggests a longer TTL where the cache answers a task often', () => {
    const suggestions = suggestionsFor(
      many(10, (i) =>
        served(
          'anthropic',
          'claude-haiku-4-5',
          'classification',
          i < 3 ? { cache_hit: true, cost_usd: 0, attempt_log: [] } : {},
        ),
      ),
    );
    expect(suggestions).toEqual([
      {
        kind: 'longer-ttl',
        task: 'classification',
        message: expect.stringContaining(
          '30.0% of classification requests (3 of 10) were answered from the cache',
        ),
      },
    ]);
  });

  it('names a model that fails a large share of its calls, with the kinds of failure', () => {
    const suggestions = suggestionsFor(
      many(10, (i) =>
        served('openai', 'gpt-5', 'reasoning', {
          attempt_log:
            i < 4
              ? [
                  attempt(
                    'anthropic',
                    'claude-sonnet-4-6',
                    'error',
                    i < 3 ? 'overloaded' : 'timeout',
                  ),
                  attempt('openai', 'gpt-5'),
                ]
              : [attempt('anthropic', 'claude-sonnet-4-6'), attempt('openai', 'gpt-5')],
        }),
      ),
    );
    expect(suggestions.filter((s) => s.kind === 'unreliable-model')).toEqual([
      {
        kind: 'unreliable-model',
        message: expect.stringContaining(
          'anthropic/claude-sonnet-4-6 failed 40.0% of its 10 calls (overloaded 3, timeout 1)',
        ),
      },
    ]);
  });
});

describe("suggestions over llmux's own limiter refusals", () => {
  // The alert storm: the tenant's limit refuses Haiku, and then every candidate.
  const storm = [
    ...many(6, () =>
      served('openai', 'gpt-5', 'classification', {
        attempt_log: [limiterRefusal('anthropic', 'claude-haiku-4-5'), attempt('openai', 'gpt-5')],
      }),
    ),
    ...many(6, (i) =>
      served('anthropic', 'claude-haiku-4-5', 'classification', {
        selected_provider: null,
        model: null,
        // Refused everywhere: today the limiter's error, in older logs all_attempts_failed.
        error_kind: i % 2 === 0 ? 'rate_limited' : 'all_attempts_failed',
        attempt_log: [
          limiterRefusal('anthropic', 'claude-haiku-4-5'),
          limiterRefusal('openai', 'gpt-5'),
        ],
      }),
    ),
    ...many(4, () => served('anthropic', 'claude-haiku-4-5', 'classification')),
  ];

  it('never advises a circuit change from them, and says they are the limits', () => {
    const suggestions = suggestionsFor(storm);
    expect(suggestions.some((s) => s.message.includes('circuit sooner'))).toBe(false);
    expect(suggestions.filter((s) => s.kind === 'unreliable-model')).toEqual([]);
    expect(suggestions).toEqual([
      {
        kind: 'limited-model',
        message: expect.stringContaining(
          "llmux's own limits refused 75.0% of the 16 tries at anthropic/claude-haiku-4-5 (rate_limited 12) before any call",
        ),
      },
      {
        kind: 'limited-model',
        message: expect.stringContaining(
          "llmux's own limits refused 50.0% of the 12 tries at openai/gpt-5 (rate_limited 6)",
        ),
      },
    ]);
  });

  it('still advises on the same share of provider 429s', () => {
    const providerLimited = storm.map((record) => ({
      ...record,
      attempt_log: record.attempt_log.map((a) =>
        a.outcome === 'error' ? attempt(a.provider, a.model, 'error', 'rate_limited') : a,
      ),
    }));
    expect(suggestionsFor(providerLimited).map((s) => s.kind)).toEqual([
      'unreliable-model',
      'unreliable-model',
    ]);
  });

  it('shows the groups each suggestion draws on', () => {
    const groups = aggregate(storm, { byTask: true });
    const [haiku] = suggestRoutes(groups);
    expect(haiku!.evidence.map((g) => `${g.provider}/${g.model}/${g.task}`)).toEqual([
      'anthropic/claude-haiku-4-5/classification',
    ]);
  });
});
