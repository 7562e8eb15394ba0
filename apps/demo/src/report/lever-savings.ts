import type { LoggedRecord } from './parse-record-line.js';

/** What one of llmux's cost levers saved, in USD. */
export interface LeverSaving {
  lever: 'routing' | 'response cache' | 'prompt cache' | 'batch';
  savedUsd: number;
}

/**
 * What each lever saved against a baseline with none of them (`baselineCost`): the response
 * cache what its hits would have cost, prompt caching and batching what the records say they
 * saved, and routing the rest, the baseline model's price over the cheaper ones the router chose.
 * The savings add up to the baseline minus what was spent.
 */
export function leverSavings(records: readonly LoggedRecord[], baselineUsd: number): LeverSaving[] {
  const sum = (field: (r: LoggedRecord) => number) =>
    records.reduce((total, record) => total + field(record), 0);
  const spent = sum((r) => r.cost_usd);
  const responseCache = sum((r) => r.saved_cost_usd);
  const promptCache = sum((r) => r.prompt_cache_saved_usd ?? 0);
  const batch = sum((r) => r.batch_saved_usd ?? 0);
  return [
    { lever: 'routing', savedUsd: baselineUsd - spent - responseCache - promptCache - batch },
    { lever: 'response cache', savedUsd: responseCache },
    { lever: 'prompt cache', savedUsd: promptCache },
    { lever: 'batch', savedUsd: batch },
  ];
}
