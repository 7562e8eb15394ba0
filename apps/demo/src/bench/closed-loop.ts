import { percentile } from '../report/percentile.js';
import { collectGarbage } from './full-gc.js';

/** One measured run: every latency and the time it took. */
export interface LoadRun {
  /** Milliseconds per completed call. */
  latencies: number[];
  errors: number;
  elapsedMs: number;
  /** CPU time this process spent while measuring, in microseconds (all of its threads). */
  cpuUs: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Completed calls per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU time of this process per call, in microseconds: steadier than throughput on a shared machine. */
  cpuUsPerCall: number;
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
  // From a clean heap: garbage the warm-up (or whatever ran before) left is not collected on
  // this run's time.
  collectGarbage();
  const cpuBefore = process.cpuUsage();
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
  const elapsedMs = performance.now() - start;
  const { user, system } = process.cpuUsage(cpuBefore);
  return { latencies, errors, elapsedMs, cpuUs: user + system };
}

/** Throughput and latency of one or more runs of the same thing, taken together. */
export function summarize(...runs: LoadRun[]): LoadResult {
  const latencies = runs.flatMap((run) => run.latencies);
  const total = (field: 'elapsedMs' | 'errors' | 'cpuUs') =>
    runs.reduce((sum, run) => sum + run[field], 0);
  const elapsed = total('elapsedMs');
  const calls = latencies.length + total('errors');
  return {
    requests: latencies.length,
    errors: total('errors'),
    rps: elapsed > 0 ? (latencies.length / elapsed) * 1_000 : 0,
    p50Ms: percentile(latencies, 50) ?? 0,
    p99Ms: percentile(latencies, 99) ?? 0,
    cpuUsPerCall: calls > 0 ? total('cpuUs') / calls : 0,
  };
}
