import { createStack } from '@llmux/gateway';
import { benchConfig, benchRequest, benchStackOptions } from './bench-config.js';
import { closedLoop, type LoadOptions, type LoadResult, summarize } from './closed-loop.js';
import { type InProcessProfile, profileInProcess } from './in-process-profile.js';

/**
 * The same question again and again through the whole stack: after the first call, each one is
 * answered by the cache (memory store) without reaching the router.
 */
export async function benchCacheHits(
  simulatorUrl: string,
  options: LoadOptions,
): Promise<{ load: LoadResult; profile: InProcessProfile }> {
  const stack = await createStack(benchConfig(simulatorUrl), benchStackOptions);
  const request = benchRequest('hit', 0);
  try {
    await stack.model.generate(request);
    const hit = () => stack.model.generate(request);
    const load = summarize(await closedLoop(hit, options));
    return { load, profile: await profileInProcess(hit, options) };
  } finally {
    await stack.close();
  }
}
