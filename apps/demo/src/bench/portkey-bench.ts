import { type HttpLoad, load, type Target } from './gateway-bench.js';

/** One gateway at one number of connections, over every round. */
export interface ComparedLoad extends HttpLoad {
  /** Its requests/s over Portkey's in the same rounds. */
  ratio: number;
}

export interface PortkeyComparison {
  rounds: number;
  /** Per row: the llmux gateways by name, then Portkey, at each number of connections. */
  rows: { connections: number; gateways: Record<string, ComparedLoad>; portkey: HttpLoad }[];
}

/** Runs of the same target, taken together: total requests/s, median p50 and p99. */
function combine(runs: HttpLoad[]): HttpLoad {
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
  return {
    connections: runs[0]!.connections,
    rps: runs.reduce((sum, r) => sum + r.rps, 0) / runs.length,
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
  };
}

/**
 * Each llmux gateway and Portkey's under the same load, interleaved (one run of each in turn,
 * `rounds` times), so that whatever else the machine does slows them alike and the ratio holds.
 */
export async function benchAgainstPortkey(
  gateways: Record<string, Target>,
  portkey: Target,
  options: { connections: number[]; seconds: number; rounds: number },
): Promise<PortkeyComparison> {
  const targets = { ...gateways, portkey };
  const rows: PortkeyComparison['rows'] = [];
  for (const connections of options.connections) {
    const runs = new Map<string, HttpLoad[]>(Object.keys(targets).map((name) => [name, []]));
    for (let round = 0; round < options.rounds; round++) {
      for (const [name, target] of Object.entries(targets)) {
        runs.get(name)!.push(await load(target, connections, options.seconds));
      }
    }
    const portkeyLoad = combine(runs.get('portkey')!);
    const compared = Object.keys(gateways).map((name) => {
      const result = combine(runs.get(name)!);
      return [name, { ...result, ratio: result.rps / portkeyLoad.rps }] as const;
    });
    rows.push({ connections, gateways: Object.fromEntries(compared), portkey: portkeyLoad });
  }
  return { rounds: options.rounds, rows };
}
