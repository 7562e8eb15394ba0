/**
 * Latencies as counts in geometric buckets (each 20% wider than the one before, from 1 ms), so a
 * second's latencies take a few numbers whatever the traffic, and the buckets of several seconds
 * or instances add up. A percentile is read as its bucket's upper bound: at most 20% high.
 */
export type LatencyHistogram = Record<number, number>;

const GROWTH = 1.2;
/** 1.2^90 ms is about 3.5 hours: longer latencies share the last bucket. */
const LAST = 90;

export const bucketOf = (latencyMs: number): number =>
  latencyMs <= 1 ? 0 : Math.min(LAST, Math.ceil(Math.log(latencyMs) / Math.log(GROWTH)));

export const upperBoundMs = (bucket: number): number => GROWTH ** bucket;

export function addLatency(histogram: LatencyHistogram, latencyMs: number): void {
  const bucket = bucketOf(latencyMs);
  histogram[bucket] = (histogram[bucket] ?? 0) + 1;
}

export function addHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  for (const [bucket, count] of Object.entries(from)) {
    into[Number(bucket)] = (into[Number(bucket)] ?? 0) + count;
  }
}

/** The latency `q` (0 to 1) of the requests counted; undefined for none. */
export function percentileMs(histogram: LatencyHistogram, q: number): number | undefined {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return Math.round(upperBoundMs(bucket) * 10) / 10;
  }
  return undefined;
}
