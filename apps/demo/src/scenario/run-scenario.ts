import {
  type Clock,
  combineObservers,
  type GenerateRequest,
  type Observer,
  seededRandom,
  systemClock,
} from '@llmux/core';
import type { ProviderName } from '@llmux/gateway';
import { createStack, type Stack } from '@llmux/gateway';
import { createEventTally, type EventTally } from './event-tally.js';
import { createProgress, type ProgressStream } from './progress.js';
import { type BurstLimit, defaultBurstLimit, scenarioConfig } from './scenario-config.js';

import { prepareSimulators } from './simulated-providers.js';
import { createWorkload, type Workload, type WorkloadItem } from './workload.js';

export interface RunScenarioOptions {
  seed: number;
  requests: number;
  /** Scenario time; the CLI gives a clock sped up by `--speed`. Default the system clock. */
  clock?: Clock;
  /** Call the real APIs of the providers whose key is in `env`. */
  live?: boolean;
  env?: Record<string, string | undefined>;
  /** What the llmux limiter lets each model take; default `defaultBurstLimit`. */
  burstLimit?: BurstLimit;
  /** Mean scenario time between two requests; default 1500 ms. */
  meanGapMs?: number;
  /** Receives every event of the stack: the request log writer, say. */
  observer?: Observer;
  /** Where the progress goes; none when absent. */
  progress?: ProgressStream;
  /** Runs once the stack is up, before the first request; throw to stop (a declined live run). */
  beforeStart?: (stack: Stack, workload: Workload) => Promise<void>;
}

export interface ScenarioRun {
  workload: Workload;
  burstLimit: BurstLimit;
  tally: EventTally;
  /** Where each provider's calls went. */
  modes: Partial<Record<ProviderName, 'simulator' | 'live'>>;
  /** Whether Claude ran on a simulator, so its outage could be staged. */
  outageStaged: boolean;
  /** Scenario time from the first request to the last answer. */
  scenarioMs: number;
}

/** Request ids say which workload item a record is, so a run can be read against its workload. */
export const requestIdOf = (item: WorkloadItem): string => `incident-${item.index + 1}`;

const withId = (item: WorkloadItem): GenerateRequest => ({
  ...item.request,
  metadata: { ...item.request.metadata, requestId: requestIdOf(item) },
});

/**
 * Replays the incident-response workload through the whole stack: each request at its time,
 * Claude down while the outage items are sent (on its simulator), the burst at once. Returns
 * every request record and what the layers reported.
 */
export async function runScenario(options: RunScenarioOptions): Promise<ScenarioRun> {
  const { clock = systemClock, burstLimit = defaultBurstLimit, meanGapMs = 1_500 } = options;
  const workload = createWorkload({ seed: options.seed, requests: options.requests, meanGapMs });
  const { tally, observer } = createEventTally();
  const stack = await createStack(scenarioConfig({ burstLimit, env: options.env }), {
    clock,
    observer: combineObservers(observer, options.observer),
    live: options.live ?? false,
    env: options.env,
    random: seededRandom(options.seed + 1),
  });
  try {
    await options.beforeStart?.(stack, workload);
    prepareSimulators(stack.simulators);
    const claude = stack.simulators.anthropic;
    const progress = options.progress
      ? createProgress(workload.items.length, options.progress)
      : undefined;
    const { outage } = workload.timeline;
    let note = '';
    const send = (item: WorkloadItem) =>
      stack.model.generate(withId(item)).then(
        () => progress?.tick(note),
        // The record of a failed request is in the log already; the run goes on.
        () => progress?.tick(note),
      );

    const start = clock.now();
    const sent: Array<Promise<void>> = [];
    for (const item of workload.items) {
      const wait = start + item.atMs - clock.now();
      if (wait > 0) await clock.sleep(wait);
      if (item.index === outage.from) claude?.configure({ outage: true });
      if (item.index === outage.to) claude?.configure({ outage: false });
      note = noteFor(item, workload, claude !== undefined);
      sent.push(send(item));
    }
    await Promise.all(sent);
    progress?.done();
    return {
      workload,
      burstLimit,
      tally,
      modes: Object.fromEntries(stack.endpoints.map((e) => [e.provider, e.mode])),
      outageStaged: claude !== undefined,
      scenarioMs: clock.now() - start,
    };
  } finally {
    await stack.close();
  }
}

function noteFor(item: WorkloadItem, workload: Workload, outageStaged: boolean): string {
  const { outage } = workload.timeline;
  if (outageStaged && item.index >= outage.from && item.index < outage.to) return 'Claude down';
  return item.burst ? 'burst' : '';
}
