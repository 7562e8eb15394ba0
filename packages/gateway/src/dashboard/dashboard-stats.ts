import type { Clock, LlmuxEvent, Observer, RequestRecord } from '@llmux/core';
import { addHistogram, addLatency, type LatencyHistogram } from './latency-histogram.js';

/** One target's requests in one second. */
export interface SecondCell {
  requests: number;
  errors: number;
  latency: LatencyHistogram;
}

/** A request as the dashboard lists it: where it went and why, never what it said. */
export interface RecentRequest {
  request_id: string;
  timestamp: string;
  tenant: string | null;
  provider: string | null;
  model: string | null;
  route_reason: string | null;
  attempts: Array<{
    provider: string;
    model: string;
    deployment?: string;
    outcome: 'success' | 'error';
    errorKind?: string;
    status?: number;
    latencyMs: number;
  }>;
  latency_ms: number;
  cost_usd: number;
  cache_hit: boolean;
  error_kind: string | null;
}

export interface FailoverEntry {
  at: number;
  requestId?: string;
  from: string;
  to: string;
  errorKind: string;
}

export interface CostCell {
  costUsd: number;
  requests: number;
}

/**
 * What one process saw, as plain data: it is published to Redis for the fleet, and the summaries
 * of several processes add up (`mergeSummaries`).
 */
export interface StatsSummary {
  at: number;
  /** Per-second cells by epoch second, then by target (`provider/model`). */
  seconds: Record<number, Record<string, SecondCell>>;
  /** Spend since start, by tenant, then by model. */
  spend: Record<string, Record<string, CostCell>>;
  savings: {
    routingUsd: number;
    responseCacheUsd: number;
    promptCacheUsd: number;
    batchUsd: number;
  };
  /** Newest first. */
  recent: RecentRequest[];
  /** Newest first. */
  failovers: FailoverEntry[];
}

export interface DashboardStatsOptions {
  clock: Clock;
  /** Seconds of per-second buckets kept. Default 120. */
  windowSeconds?: number;
  /** Requests and failovers kept. Default 50. */
  recentLimit?: number;
  /** Distinct targets (and tenant-model pairs) counted; the rest count as `other`. Default 64. */
  maxSeries?: number;
  /**
   * What an answered request would have cost with none of llmux's levers: its tokens on the
   * baseline model, at full input and live rates. What routing saved is that less what the
   * request cost and what the other levers saved. Without it, routing's saving is not counted.
   */
  baselineCostOf?: (record: RequestRecord) => number;
}

export interface DashboardStats {
  readonly observer: Observer;
  summary(): StatsSummary;
}

export const OTHER = 'other';

/** `map[key]`, set to `make()` first when absent. */
const at = <T>(map: Record<string | number, T>, key: string | number, make: () => T): T => {
  if (map[key] === undefined) map[key] = make();
  return map[key];
};
const emptyCell = (): SecondCell => ({ requests: 0, errors: 0, latency: {} });
const emptyCost = (): CostCell => ({ costUsd: 0, requests: 0 });
const byName = <T>(): Record<string, T> => ({});

const targetOf = (provider: string | null, model: string | null) =>
  provider === null ? 'none' : `${provider}/${model ?? 'none'}`;

const toRecent = (r: RequestRecord): RecentRequest => ({
  request_id: r.request_id,
  timestamp: r.timestamp,
  tenant: r.tenant,
  provider: r.selected_provider,
  model: r.model,
  route_reason: r.route_reason,
  // An attempt's message may quote the provider's answer: the kind and status say enough.
  attempts: r.attempt_log.map((a) => ({
    provider: a.provider,
    model: a.model,
    ...(a.deployment !== undefined && { deployment: a.deployment }),
    outcome: a.outcome,
    ...(a.errorKind !== undefined && { errorKind: a.errorKind }),
    ...(a.status !== undefined && { status: a.status }),
    latencyMs: a.latencyMs,
  })),
  latency_ms: r.latency_ms,
  cost_usd: r.cost_usd,
  cache_hit: r.cache_hit,
  error_kind: r.error_kind,
});

const nameOf = (c: { provider: string; model: string; deployment?: string }) =>
  `${c.provider}/${c.model}${c.deployment ? ` via ${c.deployment}` : ''}`;

/** Adds `item` at the front of `list`, keeping at most `limit`. */
const pushRecent = <T>(list: T[], item: T, limit: number) => {
  list.unshift(item);
  if (list.length > limit) list.length = limit;
};

/**
 * The dashboard's view of this process's traffic, from its `request-end` and `failover` events:
 * per-second requests, errors and latencies by target over a rolling window, spend by tenant and
 * model, the savings of each cost lever, and the latest requests and failovers. Its memory is
 * bounded by the window, `maxSeries` and `recentLimit`, however long it runs.
 */
export function createDashboardStats(options: DashboardStatsOptions): DashboardStats {
  const { clock, windowSeconds = 120, recentLimit = 50, maxSeries = 64 } = options;
  const seconds = new Map<number, Record<string, SecondCell>>();
  const targets = new Set<string>();
  const spend: StatsSummary['spend'] = {};
  let spendSeries = 0;
  const savings = { routingUsd: 0, responseCacheUsd: 0, promptCacheUsd: 0, batchUsd: 0 };
  const recent: RecentRequest[] = [];
  const failovers: FailoverEntry[] = [];

  const prune = (nowSecond: number) => {
    for (const second of seconds.keys()) {
      if (second <= nowSecond - windowSeconds) seconds.delete(second);
    }
  };

  const seriesOf = (target: string) => {
    if (targets.has(target)) return target;
    if (targets.size >= maxSeries) return OTHER;
    targets.add(target);
    return target;
  };

  const addSpend = (tenant: string, model: string, costUsd: number) => {
    const known = spend[tenant]?.[model] !== undefined;
    const [t, m] = known || spendSeries < maxSeries ? [tenant, model] : [OTHER, OTHER];
    const byModel = at(spend, t, byName<CostCell>);
    if (byModel[m] === undefined) spendSeries++;
    const cell = at(byModel, m, emptyCost);
    cell.costUsd += costUsd;
    cell.requests++;
  };

  const record = (r: RequestRecord) => {
    const second = Math.floor(clock.now() / 1000);
    prune(second);
    const cells = seconds.get(second) ?? {};
    seconds.set(second, cells);
    const cell = at(cells, seriesOf(targetOf(r.selected_provider, r.model)), emptyCell);
    cell.requests++;
    if (r.error_kind !== null) cell.errors++;
    addLatency(cell.latency, r.latency_ms);
    addSpend(r.tenant ?? 'none', r.model ?? 'none', r.cost_usd);
    const cacheSaved = r.cache_hit ? r.saved_cost_usd : 0;
    savings.responseCacheUsd += cacheSaved;
    savings.promptCacheUsd += r.prompt_cache_saved_usd;
    savings.batchUsd += r.batch_saved_usd;
    if (options.baselineCostOf && r.error_kind === null) {
      const levers = r.cost_usd + cacheSaved + r.prompt_cache_saved_usd + r.batch_saved_usd;
      savings.routingUsd += options.baselineCostOf(r) - levers;
    }
    pushRecent(recent, toRecent(r), recentLimit);
  };

  return {
    observer: (event: LlmuxEvent) => {
      if (event.type === 'request-end') record(event.record);
      else if (event.type === 'failover') {
        pushRecent(
          failovers,
          {
            at: clock.now(),
            ...(event.requestId !== undefined && { requestId: event.requestId }),
            from: nameOf(event.from),
            to: nameOf(event.to),
            errorKind: event.errorKind,
          },
          recentLimit,
        );
      }
    },
    summary: () => {
      const now = clock.now();
      prune(Math.floor(now / 1000));
      return structuredClone({
        at: now,
        seconds: Object.fromEntries(seconds),
        spend,
        savings,
        recent,
        failovers,
      });
    },
  };
}

/** The summaries of several processes as one: counts added, lists merged newest first. */
export function mergeSummaries(summaries: StatsSummary[], recentLimit = 50): StatsSummary {
  const total: StatsSummary = {
    at: Math.max(0, ...summaries.map((s) => s.at)),
    seconds: {},
    spend: {},
    savings: { routingUsd: 0, responseCacheUsd: 0, promptCacheUsd: 0, batchUsd: 0 },
    recent: [],
    failovers: [],
  };
  for (const summary of summaries) {
    for (const [second, cells] of Object.entries(summary.seconds)) {
      const into = at(total.seconds, second, byName<SecondCell>);
      for (const [target, cell] of Object.entries(cells)) {
        const sum = at(into, target, emptyCell);
        sum.requests += cell.requests;
        sum.errors += cell.errors;
        addHistogram(sum.latency, cell.latency);
      }
    }
    for (const [tenant, byModel] of Object.entries(summary.spend)) {
      const into = at(total.spend, tenant, byName<CostCell>);
      for (const [model, cell] of Object.entries(byModel)) {
        const sum = at(into, model, emptyCost);
        sum.costUsd += cell.costUsd;
        sum.requests += cell.requests;
      }
    }
    total.savings.routingUsd += summary.savings.routingUsd;
    total.savings.responseCacheUsd += summary.savings.responseCacheUsd;
    total.savings.promptCacheUsd += summary.savings.promptCacheUsd;
    total.savings.batchUsd += summary.savings.batchUsd;
    total.recent.push(...summary.recent);
    total.failovers.push(...summary.failovers);
  }
  total.recent = total.recent
    .sort((a, b) => b.timestamp.localeCompare(a.timestamp))
    .slice(0, recentLimit);
  total.failovers = total.failovers.sort((a, b) => b.at - a.at).slice(0, recentLimit);
  return total;
}
