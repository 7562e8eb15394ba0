import { describe, expect, it } from 'vitest';
import { leverSavings } from './lever-savings.js';
import { requestRecord } from './test-records.js';

describe('leverSavings', () => {
  it('credits each lever with what the records say it saved, and routing with the rest', () => {
    const records = [
      requestRecord({ cost_usd: 1, prompt_cache_saved_usd: 0.5 }),
      requestRecord({ cost_usd: 0, cache_hit: true, saved_cost_usd: 0.75 }),
      requestRecord({ cost_usd: 0.5, batch_saved_usd: 0.5 }),
    ];
    const levers = leverSavings(records, 10);
    expect(levers).toEqual([
      { lever: 'routing', savedUsd: 10 - 1.5 - 0.75 - 0.5 - 0.5 },
      { lever: 'response cache', savedUsd: 0.75 },
      { lever: 'prompt cache', savedUsd: 0.5 },
      { lever: 'batch', savedUsd: 0.5 },
    ]);
    const saved = levers.reduce((total, l) => total + l.savedUsd, 0);
    expect(saved).toBeCloseTo(10 - 1.5, 10);
  });

  it('reads logs written before records carried the prompt-cache and batch savings', () => {
    const {
      prompt_cache_saved_usd: _p,
      batch_saved_usd: _b,
      ...older
    } = requestRecord({
      cost_usd: 1,
    });
    expect(leverSavings([older], 3)).toEqual([
      { lever: 'routing', savedUsd: 2 },
      { lever: 'response cache', savedUsd: 0 },
      { lever: 'prompt cache', savedUsd: 0 },
      { lever: 'batch', savedUsd: 0 },
    ]);
  });
});
