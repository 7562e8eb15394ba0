import { buildRequestRecord, defaultCatalog } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { routingBaselineCost } from './routing-baseline.js';

const record = buildRequestRecord({
  requestId: 'r1',
  startedAt: 0,
  latencyMs: 10,
  streamed: false,
  metadata: { tenant: 'acme' },
  response: {
    content: [{ type: 'text', text: 'ok' }],
    finishReason: 'stop',
    usage: { inputTokens: 1_000_000, outputTokens: 100_000, cacheReadTokens: 800_000 },
    costUsd: 0.2,
    provider: 'anthropic',
    model: 'claude-haiku-4-5',
    trace: { attempts: [] },
  },
} as never);

describe('routingBaselineCost', () => {
  it("prices a request's tokens on the baseline model at full input and live rates", () => {
    const sonnet = { provider: 'anthropic', model: 'claude-sonnet-4-6' };
    const expected = defaultCatalog.costOf(
      {
        inputTokens: 1_000_000,
        outputTokens: 100_000,
        cacheReadTokens: 0,
        cacheWriteTokens: 0,
        reasoningTokens: 0,
      },
      'anthropic',
      'claude-sonnet-4-6',
    );
    expect(expected).toBeGreaterThan(0);
    expect(routingBaselineCost(record, sonnet)).toBeCloseTo(expected, 10);
  });

  it('is 0 without a baseline, or for one the catalog does not price', () => {
    expect(routingBaselineCost(record, undefined)).toBe(0);
    expect(routingBaselineCost(record, { provider: 'acme', model: 'nope' })).toBe(0);
  });
});
