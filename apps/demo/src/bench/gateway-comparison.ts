import type { Target } from './bench-targets.js';
import { type HttpLoad, load } from './wrk-load.js';

/** The names of the comparison's rows. */
export const gateways = {
  direct: 'the simulator, direct',
  oneWorker: 'llmux, 1 worker',
  perCore: 'llmux, a worker per core',
  portkey: 'Portkey',
} as const;

export type GatewayName = (typeof gateways)[keyof typeof gateways];

export interface GatewayComparison {
  rounds: number;
  seconds: number;
  /** Per number of connections, each target's load over every round. */
  rows: { connections: number; loads: Record<GatewayName, HttpLoad> }[];
}

const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;

/** Runs of the same target, taken together: mean requests/s, median p50 and p99. */
function combine(runs: HttpLoad[]): HttpLoad {
  const sum = (pick: (r: HttpLoad) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    connections: runs[0]!.connections,
    rps: sum((r) => r.rps) / runs.length,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    failures: sum((r) => r.failures),
    requests: sum((r) => r.requests),
  };
}

/**
 * Every target under the same load, interleaved (one run of each in turn, `rounds` times), so
 * that whatever else the machine does slows them alike and the ratios hold.
 */
export async function compareGateways(
  targets: Record<GatewayName, Target>,
  options: { connections: number[]; seconds: number; rounds: number },
): Promise<GatewayComparison> {
  const rows: GatewayComparison['rows'] = [];
  for (const connections of options.connections) {
    const runs = new Map<GatewayName, HttpLoad[]>();
    for (let round = 0; round < options.rounds; round++) {
      for (const [name, target] of Object.entries(targets) as [GatewayName, Target][]) {
        runs.set(name, [
          ...(runs.get(name) ?? []),
          await load(target, connections, options.seconds),
        ]);
      }
    }
    const loads = Object.fromEntries([...runs].map(([name, r]) => [name, combine(r)]));
    rows.push({ connections, loads: loads as Record<GatewayName, HttpLoad> });
  }
  return { rounds: options.rounds, seconds: options.seconds, rows };
}
