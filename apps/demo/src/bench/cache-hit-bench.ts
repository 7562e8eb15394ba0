import { createStack } from '@llmux/gateway';
import { benchConfig, benchRequest, benchStackOptions } from './bench-config.js';
import { closedLoop, type LoadOptions, type LoadResult, summarize } from './closed-loop.js';

/**
 * The same question again and again through the whole stack: after the first call, each one is
 * answered by the cache (memory store) without reaching the router.
 */
export async function benchCacheHits(
  simulatorUrl: string,
  options: LoadOptions,
): Promise<LoadResult> {
  const stack = await createStack(benchConfig(simulatorUrl), benchStackOptions);
  const request = benchRequest('hit', 0);
  try {
    await stack.model.generate(request);
    return summarize(await closedLoop(() => stack.model.generate(request), options));
  } finally {
    await stack.close();
  }
}
