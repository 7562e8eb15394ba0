import { LlmuxError, type LlmuxEvent } from '@llmux/core';
import type { ProviderName, Simulator } from '@llmux/testkit';
import { percentile } from './percentile.js';
import type { Outcome } from './run-workload.js';

export interface ChaosRun {
  outcomes: Outcome[];
  elapsedMs: number;
  concurrency: number;
  events: LlmuxEvent[];
  simulators: Record<ProviderName, Simulator>;
  /** The event loop's delay while the run lasted, in ms. */
  loopDelay: { p99: number; max: number };
  /** The circuit that went down for a stretch, and when (epoch ms); none if down throughout. */
  outage?: { key: string; startedAt: number; endedAt: number; calls: number };
}

const countBy = <T>(items: T[], key: (item: T) => string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
};

const ms = (value: number) => `${value.toFixed(0)} ms`;
const percent = (part: number, whole: number) => `${((100 * part) / whole).toFixed(2)}%`;
const kindOf = (error: unknown) => (LlmuxError.isInstance(error) ? error.kind : 'untyped');
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function describeOutage(
  outage: NonNullable<ChaosRun['outage']>,
  circuits: Array<Extract<LlmuxEvent, { type: 'circuit' }>>,
): string {
  const since = (at: number) => `${((at - outage.startedAt) / 1000).toFixed(2)} s`;
  const moves = circuits.filter((e) => e.key === outage.key && e.at >= outage.startedAt);
  const opened = moves.find((e) => e.to === 'open');
  const closed = moves.find((e) => e.to === 'closed' && e.at > outage.endedAt);
  const failedProbes = moves.filter((e) => e.from === 'half-open' && e.to === 'open').length;
  return `  ${outage.key} down for ${((outage.endedAt - outage.startedAt) / 1000).toFixed(1)} s, ${outage.calls} calls meanwhile; circuit opened at ${opened ? since(opened.at) : 'never'}, ${failedProbes} failed probes, closed at ${closed ? since(closed.at) : 'never'}`;
}

/** What a chaos run measured, as lines for the test's console. */
export function describeChaosRun(run: ChaosRun): string {
  const { outcomes, events, outage } = run;
  const failed = outcomes.filter((o) => !o.ok);
  const attempts = outcomes.reduce((sum, o) => sum + o.attempts.length, 0);
  const latencies = outcomes.map((o) => o.wallMs);
  const ofType = <K extends LlmuxEvent['type']>(type: K) =>
    events.filter((e): e is Extract<LlmuxEvent, { type: K }> => e.type === type);
  const attemptErrors = ofType('attempt-end').filter((e) => e.record.outcome === 'error');
  const circuits = ofType('circuit');
  return [
    `chaos: ${outcomes.length} requests (${outcomes.filter((o) => o.streamed).length} streamed), concurrency ${run.concurrency}, in ${(run.elapsedMs / 1000).toFixed(1)} s`,
    `  succeeded ${outcomes.length - failed.length} (${percent(outcomes.length - failed.length, outcomes.length)}), failed ${failed.length} ${JSON.stringify(countBy(failed, (o) => kindOf(o.error)))}`,
    `  attempts ${attempts} (${(attempts / outcomes.length).toFixed(2)} per request), retries ${ofType('retry').length}, failovers ${ofType('failover').length}`,
    `  latency p50 ${ms(percentile(latencies, 0.5))}, p99 ${ms(percentile(latencies, 0.99))}, max ${ms(Math.max(...latencies))}; event loop delay p99 ${ms(run.loopDelay.p99)}, max ${ms(run.loopDelay.max)}`,
    `  failed attempts ${JSON.stringify(countBy(attemptErrors, (e) => e.record.errorKind ?? '?'))}`,
    ...Object.values(run.simulators).map(({ provider, counters: c }) => {
      const statuses = JSON.stringify(c.byStatus);
      return `  ${provider}: ${c.requests} calls (${c.streamed} streamed), ${c.faults} failed on purpose, statuses ${statuses}, peak ${c.peakConcurrency} in flight`;
    }),
    ...(outage ? [describeOutage(outage, circuits)] : []),
    `  circuit moves: ${JSON.stringify(countBy(circuits, (e) => `${e.key} ${e.from}>${e.to}`))}`,
    ...failed.slice(0, 10).map((o) => `  failed #${o.index}: ${messageOf(o.error)}`),
  ].join('\n');
}
