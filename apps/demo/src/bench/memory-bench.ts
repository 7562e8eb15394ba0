import { createStack } from '@llmux/gateway';
import { benchConfig, benchRequest, benchStackOptions } from './bench-config.js';
import { collectGarbage } from './full-gc.js';

export interface MemoryResult {
  requests: number;
  /** Resident set size after every request, after a full garbage collection. */
  rssMiB: number;
  heapUsedMiB: number;
  /** What V8 has reserved for its heap: most of the resident set under allocation pressure. */
  heapTotalMiB: number;
  /** Growth from the half-way point to the end: a leak shows here. */
  rssGrowthMiB: number;
  heapGrowthMiB: number;
  /** Requests per second while it ran. */
  rps: number;
}

const MiB = 1024 * 1024;
/** After a full collection, so what is measured is what is still held. */
const usage = () => {
  collectGarbage();
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  return { rss: rss / MiB, heap: heapUsed / MiB, heapTotal: heapTotal / MiB };
};

/**
 * `requests` different questions through one stack (each a cache miss, each answer stored until
 * the cache's LRU bound pushes it out), 32 at a time; memory at the half-way point and at the end.
 */
export async function benchMemory(simulatorUrl: string, requests: number): Promise<MemoryResult> {
  const stack = await createStack(benchConfig(simulatorUrl), benchStackOptions);
  const concurrency = 32;
  let next = 0;
  const run = async (until: number) => {
    const worker = async () => {
      while (next < until) {
        const i = next++;
        await stack.model.generate(benchRequest('memory', i));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  try {
    const started = performance.now();
    await run(requests / 2);
    const half = usage();
    await run(requests);
    const end = usage();
    return {
      requests,
      rssMiB: end.rss,
      heapUsedMiB: end.heap,
      heapTotalMiB: end.heapTotal,
      rssGrowthMiB: end.rss - half.rss,
      heapGrowthMiB: end.heap - half.heap,
      rps: (requests / (performance.now() - started)) * 1_000,
    };
  } finally {
    await stack.close();
  }
}
