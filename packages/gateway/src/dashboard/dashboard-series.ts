import type { SecondCell, StatsSummary } from './dashboard-stats.js';
import { addHistogram, type LatencyHistogram, percentileMs } from './latency-histogram.js';

/** One target's time series, a value per second (null: no request that second). */
export interface TargetSeries {
  target: string;
  requestsPerSecond: number[];
  errorRate: Array<number | null>;
  p50Ms: Array<number | null>;
  p95Ms: Array<number | null>;
  /** Over the whole span. */
  total: { requests: number; errorRate: number | null; p50Ms: number | null; p95Ms: number | null };
}

export interface DashboardSeries {
  /** Epoch seconds, oldest first, ending at the second of `nowMs`. */
  times: number[];
  targets: TargetSeries[];
}

const rateOf = (cell: SecondCell | undefined) =>
  cell && cell.requests > 0 ? cell.errors / cell.requests : null;

/** The last `spanSeconds` of a summary's per-second cells, as one series per target. */
export function toDashboardSeries(
  summary: StatsSummary,
  nowMs: number,
  spanSeconds: number,
): DashboardSeries {
  const last = Math.floor(nowMs / 1000);
  const times = Array.from({ length: spanSeconds }, (_, i) => last - spanSeconds + 1 + i);
  const names = new Set(times.flatMap((t) => Object.keys(summary.seconds[t] ?? {})));
  const targets = [...names].sort().map((target): TargetSeries => {
    const cells = times.map((t) => summary.seconds[t]?.[target]);
    const all: LatencyHistogram = {};
    let requests = 0;
    let errors = 0;
    for (const cell of cells) {
      if (!cell) continue;
      requests += cell.requests;
      errors += cell.errors;
      addHistogram(all, cell.latency);
    }
    return {
      target,
      requestsPerSecond: cells.map((cell) => cell?.requests ?? 0),
      errorRate: cells.map(rateOf),
      p50Ms: cells.map((cell) => (cell ? (percentileMs(cell.latency, 0.5) ?? null) : null)),
      p95Ms: cells.map((cell) => (cell ? (percentileMs(cell.latency, 0.95) ?? null) : null)),
      total: {
        requests,
        errorRate: requests > 0 ? errors / requests : null,
        p50Ms: percentileMs(all, 0.5) ?? null,
        p95Ms: percentileMs(all, 0.95) ?? null,
      },
    };
  });
  return { times, targets };
}
