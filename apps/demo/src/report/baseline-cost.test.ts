import { defaultCatalog } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { baselineCost } from './baseline-cost.js';
import { requestRecord } from './test-records.js';

describe('baselineCost', () => {
  it('prices every record, cache hits included, at Claude Sonnet 4.6 rates', () => {
    const records = [
      requestRecord({ input_tokens: 100_000, output_tokens: 0, cost_usd: 0.125 }),
      requestRecord({ input_tokens: 0, output_tokens: 100_000, cache_hit: true, cost_usd: 0 }),
      requestRecord({ input_tokens: 0, output_tokens: 0, error_kind: 'overloaded' }),
    ];
    // $3 per million input tokens, $15 per million output tokens.
    expect(baselineCost(records, defaultCatalog)).toBeCloseTo(0.3 + 1.5, 10);
  });

  it('prices cached input at the full input rate: prompt caching is a lever, not the baseline', () => {
    const cached = requestRecord({
      input_tokens: 1_000_000,
      output_tokens: 0,
      cache_read_tokens: 900_000,
      cache_write_tokens: 100_000,
    });
    expect(baselineCost([cached], defaultCatalog)).toBeCloseTo(3, 10);
  });

  it('prices another baseline model when asked', () => {
    const records = [requestRecord({ input_tokens: 1_000_000, output_tokens: 0 })];
    const haiku = { provider: 'anthropic', model: 'claude-haiku-4-5' };
    expect(baselineCost(records, defaultCatalog, haiku)).toBeCloseTo(1, 10);
  });
});
