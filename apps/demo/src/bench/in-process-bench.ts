import { createStack } from '@llmux/gateway';
import { benchConfig, benchRequest, benchStackOptions, directSdkCall } from './bench-config.js';
import { closedLoop, type LoadOptions, type LoadResult, summarize } from './closed-loop.js';

export interface InProcessResult {
  concurrency: number;
  /** The SDK with its own `fetch`, as a user runs it. */
  direct: LoadResult;
  /** The SDK with the transport the stack gives its SDK clients (`@llmux/transport`). */
  directOnTransport: LoadResult;
  stack: LoadResult;
  /** Stack throughput over direct throughput. */
  ratio: number;
}

/**
 * The whole stack against the official SDK alone, calling the same simulator with the same
 * question: the stack routes it (to Claude Haiku), limits, caches (a miss) and calls it through
 * that same SDK on llmux's transport; the SDK alone runs with its own `fetch` and on that
 * transport. Runs each twice, in mirrored order, so drift on a shared machine falls on all.
 */
export async function benchInProcess(
  simulatorUrl: string,
  options: LoadOptions,
): Promise<InProcessResult> {
  const stack = await createStack(benchConfig(simulatorUrl), benchStackOptions);
  const direct = directSdkCall(simulatorUrl);
  const onTransport = directSdkCall(simulatorUrl, stack.fetch);
  const viaStack = (run: string) => (i: number) => stack.model.generate(benchRequest(run, i));
  try {
    const d1 = await closedLoop(direct('d1'), options);
    const t1 = await closedLoop(onTransport('t1'), options);
    const s1 = await closedLoop(viaStack('s1'), options);
    const s2 = await closedLoop(viaStack('s2'), options);
    const t2 = await closedLoop(onTransport('t2'), options);
    const d2 = await closedLoop(direct('d2'), options);
    const directResult = summarize(d1, d2);
    const stackResult = summarize(s1, s2);
    return {
      concurrency: options.concurrency,
      direct: directResult,
      directOnTransport: summarize(t1, t2),
      stack: stackResult,
      ratio: stackResult.rps / directResult.rps,
    };
  } finally {
    await stack.close();
  }
}
