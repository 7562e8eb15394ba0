import type { LanguageModel } from '@llmux/core';
import { createStack } from '@llmux/gateway';
import { percentile } from '../report/percentile.js';
import { benchConfig, benchRequest, benchStackOptions, directSdkCall } from './bench-config.js';
import { closedLoop, type LoadOptions, summarize } from './closed-loop.js';
import { type InProcessProfile, profileInProcess } from './in-process-profile.js';

/** What one layer of the stack costs per call, on top of the layers under it. */
export interface LayerCost {
  layer: string;
  /** CPU time per call, through this layer and everything under it. */
  cpuUsPerCall: number;
  /** Over the row before: what this layer adds. */
  addedUs: number;
}

export interface LayerCostResult {
  concurrency: number;
  rounds: number;
  /** The SDK alone first, then one layer more on each row, the whole stack last. */
  layers: LayerCost[];
  /** The whole stack's calls under the profiler. */
  profile: InProcessProfile;
}

/** Never contacted: every call is answered by `answerAtOnce`. */
const UPSTREAM = 'http://llmux-bench.invalid';

const answer = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5',
  content: [{ type: 'text', text: 'All good: the checkout service is healthy.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 20, output_tokens: 10 },
});

/** A `fetch` that answers every Messages API call at once, in process: no socket, no server. */
const answerAtOnce: typeof fetch = async () =>
  new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });

/**
 * What llmux itself costs per call, layer by layer: the same question (a cache miss each time)
 * sent to the SDK alone, then to each layer of one stack, from the adapter out to the whole
 * stack. The SDK's `fetch` answers at once in process, so no network, server or other process
 * is timed: only what the SDK and the layers spend. Every row runs once a round, in turn, and
 * reports its median over the rounds.
 */
export async function benchLayerCosts(
  options: LoadOptions & { rounds: number },
): Promise<LayerCostResult> {
  const sdk = directSdkCall(UPSTREAM, answerAtOnce);
  const stack = await createStack(benchConfig(UPSTREAM), {
    ...benchStackOptions,
    fetch: answerAtOnce,
  });
  const haiku = 'anthropic/claude-haiku-4-5';
  const pinned = {
    reason: 'pinned by the benchmark',
    candidates: [{ provider: 'anthropic', model: 'claude-haiku-4-5', reason: 'pinned' }],
  };
  const { layers } = stack;
  const through =
    (model: LanguageModel, withRoute = false) =>
    (run: string) =>
    (i: number) =>
      model.generate({ ...benchRequest(run, i), ...(withRoute && { route: pinned }) });
  const rows: Array<[string, (run: string) => (i: number) => Promise<unknown>]> = [
    ['Anthropic SDK alone', sdk],
    ['+ adapter (provider-claude)', through(layers.adapters.get(haiku)!)],
    ['+ rate limiter', through(layers.limited.get(haiku)!)],
    ['+ failover (route pinned to Claude Haiku)', through(layers.failover, true)],
    ['+ router (plans the route)', through(layers.planned)],
    ['+ cache (a miss, the answer stored)', through(layers.cached)],
    ['+ observe: the whole stack', through(stack.model)],
  ];
  try {
    const samples = rows.map((): number[] => []);
    for (let round = 0; round < options.rounds; round++) {
      for (const [index, [, call]] of rows.entries()) {
        const run = await closedLoop(call(`layer${index}.${round}`), options);
        samples[index]!.push(summarize(run).cpuUsPerCall);
      }
    }
    const costs = samples.map((values) => percentile(values, 50) ?? 0);
    const profile = await profileInProcess(through(stack.model)('profiled'), options);
    return {
      profile,
      concurrency: options.concurrency,
      rounds: options.rounds,
      layers: rows.map(([layer], i) => ({
        layer,
        cpuUsPerCall: costs[i]!,
        addedUs: i === 0 ? 0 : costs[i]! - costs[i - 1]!,
      })),
    };
  } finally {
    await stack.close();
  }
}
