import { isLimiterRefusal, refusedByLimiter } from './limiter-refusal.js';
import type { LoggedRecord } from './parse-record-line.js';
import { percentile } from './percentile.js';

/** Stands for "no provider" (a request refused before any call) and "no task given". */
export const NONE = '-';

export interface GroupStats {
  provider: string;
  model: string;
  /** Absent when grouping by provider and model only. */
  task?: string;
  /** Requests this model answered, or failed last. */
  requests: number;
  failed: number;
  /** Of the failed requests, those refused by llmux's own limits with no provider failing them. */
  refused: number;
  /** Calls made to this model, retries included, and how many of them failed. */
  calls: number;
  callErrors: number;
  /** Failed calls over calls (0 with no calls). */
  errorRate: number;
  /** Of the failed calls, how many by error kind. */
  errorKinds: Record<string, number>;
  /**
   * Times llmux's own limiter refused this model (or a request before any model), by kind: not
   * calls, so neither in `calls` nor in the error rate.
   */
  refusals: number;
  refusalKinds: Record<string, number>;
  /** Latency of the requests this model answered by a call (cache hits left out). */
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  inputTokens: number;
  outputTokens: number;
  /** Tokens of the requests answered by a call: what `costUsd` paid for. */
  billedTokens: number;
  costUsd: number;
  cacheHits: number;
  /** Cache hits over answered requests. */
  cacheHitRate: number;
  /** What the response cache's hits saved. */
  savedUsd: number;
  /** Input tokens read from the provider's prompt cache, and what that saved, net of writes. */
  cacheReadTokens: number;
  promptCacheSavedUsd: number;
  /** Requests answered here after another provider or model had failed them. */
  failovers: number;
}

export interface Totals {
  requests: number;
  failed: number;
  /** Of the failed requests, those refused by llmux's own limits (see `GroupStats`). */
  refused: number;
  /** Provider calls, and how many failed; limiter refusals are counted apart. */
  calls: number;
  callErrors: number;
  refusals: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** What the response cache's hits saved. */
  savedUsd: number;
  cacheHits: number;
  /** Input tokens read from the providers' prompt caches, and what that saved, net of writes. */
  cacheReadTokens: number;
  promptCacheSavedUsd: number;
  /** Requests that moved to another candidate at least once, and the moves made. */
  failedOver: number;
  failoverMoves: number;
  /** Latency of every request, cache hits included: what callers saw. */
  p50Ms: number | undefined;
  p95Ms: number | undefined;
}

interface Accumulator extends Omit<GroupStats, 'errorRate' | 'cacheHitRate' | 'p50Ms' | 'p95Ms'> {
  latencies: number[];
}

const count = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

const taskOf = (record: LoggedRecord) => record.task ?? NONE;

/** Where a request counts: the model that answered it, or the last one it failed on. */
function homeOf(record: LoggedRecord): { provider: string; model: string } {
  if (record.selected_provider !== null) {
    return { provider: record.selected_provider, model: record.model ?? NONE };
  }
  const last = record.attempt_log[record.attempt_log.length - 1];
  return last ? { provider: last.provider, model: last.model } : { provider: NONE, model: NONE };
}

/**
 * Per provider and model (and task, with `byTask`): requests, calls, error rate, latency
 * percentiles, tokens, cost, response-cache hits and savings, prompt-cache savings and failovers,
 * sorted by provider, model and task.
 */
export function aggregate(records: readonly LoggedRecord[], options: { byTask: boolean }) {
  const groups = new Map<string, Accumulator>();
  const groupOf = (provider: string, model: string, task: string) => {
    const key = options.byTask ? `${provider}\0${model}\0${task}` : `${provider}\0${model}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        provider,
        model,
        ...(options.byTask ? { task } : {}),
        requests: 0,
        failed: 0,
        refused: 0,
        calls: 0,
        callErrors: 0,
        errorKinds: {},
        refusals: 0,
        refusalKinds: {},
        inputTokens: 0,
        outputTokens: 0,
        billedTokens: 0,
        costUsd: 0,
        cacheHits: 0,
        savedUsd: 0,
        cacheReadTokens: 0,
        promptCacheSavedUsd: 0,
        failovers: 0,
        latencies: [],
      };
      groups.set(key, group);
    }
    return group;
  };

  for (const record of records) {
    const task = taskOf(record);
    for (const call of record.attempt_log) {
      const group = groupOf(call.provider, call.model, task);
      if (isLimiterRefusal(call)) {
        group.refusals++;
        count(group.refusalKinds, call.errorKind!);
        continue;
      }
      group.calls++;
      if (call.outcome === 'error') {
        group.callErrors++;
        count(group.errorKinds, call.errorKind ?? 'unknown');
      }
    }
    const home = homeOf(record);
    const group = groupOf(home.provider, home.model, task);
    group.requests++;
    group.inputTokens += record.input_tokens;
    group.outputTokens += record.output_tokens;
    group.costUsd += record.cost_usd;
    if (record.error_kind !== null) {
      group.failed++;
      if (refusedByLimiter(record)) {
        group.refused++;
        // Refused before any model was tried: the request's own refusal is the only one.
        if (record.attempt_log.length === 0) {
          group.refusals++;
          count(group.refusalKinds, record.error_kind);
        }
      }
      continue;
    }
    if (record.cache_hit) {
      group.cacheHits++;
      group.savedUsd += record.saved_cost_usd;
    } else {
      group.latencies.push(record.latency_ms);
      group.billedTokens += record.input_tokens + record.output_tokens;
      group.cacheReadTokens += record.cache_read_tokens;
      group.promptCacheSavedUsd += record.prompt_cache_saved_usd ?? 0;
    }
    if (record.failover_attempts > 0) group.failovers++;
  }

  return [...groups.values()]
    .map(({ latencies, ...group }): GroupStats => {
      const answered = group.requests - group.failed;
      return {
        ...group,
        errorRate: group.calls === 0 ? 0 : group.callErrors / group.calls,
        cacheHitRate: answered === 0 ? 0 : group.cacheHits / answered,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
      };
    })
    .sort(
      (a, b) =>
        a.provider.localeCompare(b.provider) ||
        a.model.localeCompare(b.model) ||
        (a.task ?? '').localeCompare(b.task ?? ''),
    );
}

export function totalsOf(records: readonly LoggedRecord[]): Totals {
  const totals: Totals = {
    requests: records.length,
    failed: 0,
    refused: 0,
    calls: 0,
    callErrors: 0,
    refusals: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    savedUsd: 0,
    cacheHits: 0,
    cacheReadTokens: 0,
    promptCacheSavedUsd: 0,
    failedOver: 0,
    failoverMoves: 0,
    p50Ms: percentile(
      records.map((r) => r.latency_ms),
      50,
    ),
    p95Ms: percentile(
      records.map((r) => r.latency_ms),
      95,
    ),
  };
  for (const record of records) {
    if (record.error_kind !== null) totals.failed++;
    if (refusedByLimiter(record)) {
      totals.refused++;
      if (record.attempt_log.length === 0) totals.refusals++;
    }
    for (const call of record.attempt_log) {
      if (isLimiterRefusal(call)) totals.refusals++;
      else {
        totals.calls++;
        if (call.outcome === 'error') totals.callErrors++;
      }
    }
    totals.inputTokens += record.input_tokens;
    totals.outputTokens += record.output_tokens;
    totals.costUsd += record.cost_usd;
    totals.savedUsd += record.saved_cost_usd;
    if (record.cache_hit) totals.cacheHits++;
    else {
      // A hit replays the usage of the call it was cached from: that call read the cache, not it.
      totals.cacheReadTokens += record.cache_read_tokens;
      totals.promptCacheSavedUsd += record.prompt_cache_saved_usd ?? 0;
    }
    if (record.failover_attempts > 0) totals.failedOver++;
    totals.failoverMoves += record.failover_attempts;
  }
  return totals;
}

/** Of a task's groups, the requests answered and how many of them the response cache answered. */
export function cacheHitsOf(groups: readonly GroupStats[]): { answered: number; hits: number } {
  return {
    answered: groups.reduce((sum, g) => sum + g.requests - g.failed, 0),
    hits: groups.reduce((sum, g) => sum + g.cacheHits, 0),
  };
}
