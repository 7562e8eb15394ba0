import { percentile } from '../report/percentile.js';

/** One measured run: every latency and the time it took. */
export interface LoadRun {
  /** Milliseconds per completed call. */
  latencies: number[];
  errors: number;
  elapsedMs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Completed calls per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadOptions {
  /** Calls in flight at once. */
  concurrency: number;
  /** How long to keep calling, after the warm-up. */
  durationMs: number;
  /** Calls made before measuring (JIT, connections, caches); default 200. */
  warmup?: number;
}

/**
 * Calls `call(i)` with `concurrency` calls in flight for `durationMs`, each worker starting its
 * next call as its last one ends. A call that throws counts as an error, not a latency.
 */
export async function closedLoop(
  call: (i: number) => Promise<unknown>,
  options: LoadOptions,
): Promise<LoadRun> {
  const { concurrency, durationMs, warmup = 200 } = options;
  let next = 0;
  for (let done = 0; done < warmup; done += concurrency) {
    await Promise.all(Array.from({ length: concurrency }, () => call(next++).catch(() => {})));
  }
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const began = performance.now();
      try {
        await call(next++);
        latencies.push(performance.now() - began);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, elapsedMs: performance.now() - start };
}

/** Throughput and latency of one or more runs of the same thing, taken together. */
export function summarize(...runs: LoadRun[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies);
  const elapsed = runs.reduce((ms, run) => ms + run.elapsedMs, 0);
  return {
    requests: latencies.length,
    errors: runs.reduce((n, run) => n + run.errors, 0),
    rps: elapsed > 0 ? (latencies.length / elapsed) * 1_000 : 0,
    p50Ms: percentile(latencies, 50) ?? 0,
    p99Ms: percentile(latencies, 99) ?? 0,
  };
}
