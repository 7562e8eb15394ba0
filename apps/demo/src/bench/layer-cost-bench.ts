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

/** The layers measured one way: how many calls are in flight, and when each is answered. */
export interface LayerCostRun {
  concurrency: number;
  /** Whether the SDK's `fetch` answers a turn of the event loop later, as a network does. */
  answerNextTurn: boolean;
  /** The SDK alone first, then one layer more on each row, the whole stack last. */
  layers: LayerCost[];
}

export interface LayerCostResult {
  rounds: number;
  /** Many calls in flight, answered at once: they share each turn of the event loop. */
  together: LayerCostRun;
  /**
   * One call in flight, answered a turn later: each call pays alone what calls in one turn
   * share, as a gateway's calls mostly do.
   */
  alone: LayerCostRun;
  /** The whole stack's calls (as `together` makes them) under the profiler. */
  profile: InProcessProfile;
}

/** Never contacted: every call is answered in process. */
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

const answered = () =>
  new Response(answer, { status: 200, headers: { 'content-type': 'application/json' } });

/** A `fetch` that answers every Messages API call at once, in process: no socket, no server. */
const answerAtOnce: typeof fetch = async () => answered();

/** The same, answering on the next turn of the event loop, when a network's answer would come. */
const answerNextTurn: typeof fetch = () =>
  new Promise((resolve) => setImmediate(() => resolve(answered())));

type Call = (run: string) => (i: number) => Promise<unknown>;

/** The SDK alone, then the same stack's layers from the adapter out, each calling on `fetch`. */
async function layeredCalls(fetch: typeof globalThis.fetch) {
  const stack = await createStack(benchConfig(UPSTREAM), { ...benchStackOptions, fetch });
  const haiku = 'anthropic/claude-haiku-4-5';
  const pinned = {
    reason: 'pinned by the benchmark',
    candidates: [{ provider: 'anthropic', model: 'claude-haiku-4-5', reason: 'pinned' }],
  };
  const { layers } = stack;
  const through =
    (model: LanguageModel, withRoute = false): Call =>
    (run) =>
    (i) =>
      model.generate({ ...benchRequest(run, i), ...(withRoute && { route: pinned }) });
  const rows: Array<[string, Call]> = [
    ['Anthropic SDK alone', directSdkCall(UPSTREAM, fetch)],
    ['+ adapter (provider-claude)', through(layers.adapters.get(haiku)!)],
    ['+ rate limiter', through(layers.limited.get(haiku)!)],
    ['+ failover (route pinned to Claude Haiku)', through(layers.failover, true)],
    ['+ router (plans the route)', through(layers.planned)],
    ['+ cache (a miss, the answer stored)', through(layers.cached)],
    ['+ observe: the whole stack', through(stack.model)],
  ];
  return { rows, whole: through(stack.model), close: () => stack.close() };
}

const costsOf = (rows: Array<[string, unknown]>, samples: number[][]): LayerCost[] => {
  const costs = samples.map((values) => percentile(values, 50) ?? 0);
  return rows.map(([layer], i) => ({
    layer,
    cpuUsPerCall: costs[i]!,
    addedUs: i === 0 ? 0 : costs[i]! - costs[i - 1]!,
  }));
};

/**
 * What llmux itself costs per call, layer by layer: the same question (a cache miss each time)
 * sent to the SDK alone, then to each layer of one stack, from the adapter out to the whole
 * stack. The SDK's `fetch` answers in process, so no network, server or other process is
 * timed: only what the SDK and the layers spend. Measured twice: `options.concurrency` calls in
 * flight answered at once, and one call in flight answered a turn later. Every row runs once a
 * round, in turn, and reports its median over the rounds.
 */
export async function benchLayerCosts(
  options: LoadOptions & { rounds: number },
): Promise<LayerCostResult> {
  const settings = [
    { concurrency: options.concurrency, answerNextTurn: false },
    { concurrency: 1, answerNextTurn: true },
  ];
  const stacks = await Promise.all(
    settings.map((setting) => layeredCalls(setting.answerNextTurn ? answerNextTurn : answerAtOnce)),
  );
  try {
    const samples = stacks.map(({ rows }) => rows.map((): number[] => []));
    for (let round = 0; round < options.rounds; round++) {
      for (const [s, { rows }] of stacks.entries()) {
        const { concurrency } = settings[s]!;
        for (const [index, [, call]] of rows.entries()) {
          const run = await closedLoop(call(`layer${s}.${index}.${round}`), {
            ...options,
            concurrency,
          });
          samples[s]![index]!.push(summarize(run).cpuUsPerCall);
        }
      }
    }
    const [together, alone] = settings.map((setting, s) => ({
      ...setting,
      layers: costsOf(stacks[s]!.rows, samples[s]!),
    }));
    const profile = await profileInProcess(stacks[0]!.whole('profiled'), options);
    return { rounds: options.rounds, together: together!, alone: alone!, profile };
  } finally {
    await Promise.all(stacks.map((stack) => stack.close()));
  }
}
