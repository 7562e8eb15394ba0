import { createStack } from '@llmux/gateway';
import { benchConfig, benchRequest, benchStackOptions } from './bench-config.js';
import {
  closedLoop,
  type LoadOptions,
  type LoadResult,
  type LoadRun,
  summarize,
} from './closed-loop.js';
import { type InProcessProfile, profileInProcess } from './in-process-profile.js';

export interface CacheHitResult {
  /** The stack as `createStack` makes it without an observer. */
  load: LoadResult;
  /** With an observer taking every event: each hit's request record built and handed over. */
  observed: LoadResult;
  profile: InProcessProfile;
}

/** `use` given a hit on a new stack, after the call that stores the answer. */
async function withHits<T>(
  simulatorUrl: string,
  observed: boolean,
  use: (hit: () => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const stack = await createStack(benchConfig(simulatorUrl), {
    ...benchStackOptions,
    ...(observed && { observer: () => {} }),
  });
  const request = benchRequest('hit', 0);
  try {
    await stack.model.generate(request);
    return await use(() => stack.model.generate(request));
  } finally {
    await stack.close();
  }
}

/**
 * The same question again and again through the whole stack: after the first call, each one is
 * answered by the cache (memory store) without reaching the router. Without an observer and
 * with one that takes every event, in mirrored order; then the first again, profiled.
 */
export async function benchCacheHits(
  simulatorUrl: string,
  options: LoadOptions,
): Promise<CacheHitResult> {
  const plain: LoadRun[] = [];
  const observed: LoadRun[] = [];
  for (const withObserver of [false, true, true, false]) {
    const run = await withHits(simulatorUrl, withObserver, (hit) => closedLoop(hit, options));
    (withObserver ? observed : plain).push(run);
  }
  const profile = await withHits(simulatorUrl, false, (hit) => profileInProcess(hit, options));
  return { load: summarize(...plain), observed: summarize(...observed), profile };
}
