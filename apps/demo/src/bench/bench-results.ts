import type { LoadResult } from './closed-loop.js';
import type { GatewayResult } from './gateway-bench.js';
import type { InProcessResult } from './in-process-bench.js';
import type { LayerCostResult } from './layer-cost-bench.js';
import type { MachineInfo } from './machine-info.js';
import type { MemoryResult } from './memory-bench.js';
import type { PortkeyComparison } from './portkey-bench.js';
import type { StreamingResult } from './streaming-bench.js';

/** Everything one `bench` run measured, and how. */
export interface BenchResults {
  date: Date;
  command: string;
  machine: MachineInfo;
  inProcess: InProcessResult;
  layerCosts: LayerCostResult;
  gateway: GatewayResult & { workers: number | 'auto'; seconds: number };
  /** The llmux gateway against Portkey's, interleaved on the same simulator. */
  portkey: PortkeyComparison & { seconds: number };
  streaming: StreamingResult;
  cacheHits: LoadResult;
  /** Undefined when Redis was not reachable. */
  redisLimiter: LoadResult | undefined;
  redisUrl: string;
  memory: MemoryResult;
}

/** The targets the project set; a benchmark reports them, it never fails on them. */
export const targets = {
  /** The stack keeps at least this share of the SDK's throughput. */
  inProcessRatio: 0.95,
  gatewayConnections: 32,
  gatewayRps: 5_000,
  gatewayP99Ms: 20,
};

export interface TargetCheck {
  name: string;
  measured: string;
  met: boolean;
}

export function checkTargets(results: BenchResults): TargetCheck[] {
  const ratio = results.inProcess.ratio;
  const at32 = results.gateway.gateway.find((g) => g.connections === targets.gatewayConnections);
  const checks: TargetCheck[] = [
    {
      name: `in process: the stack keeps >= ${targets.inProcessRatio * 100}% of direct SDK throughput`,
      measured: `${(ratio * 100).toFixed(1)}%`,
      met: ratio >= targets.inProcessRatio,
    },
  ];
  if (at32) {
    checks.push(
      {
        name: `gateway at ${targets.gatewayConnections} connections: >= ${targets.gatewayRps.toLocaleString('en-US')} requests/s`,
        measured: `${Math.round(at32.rps).toLocaleString('en-US')} requests/s`,
        met: at32.rps >= targets.gatewayRps,
      },
      {
        name: `gateway at ${targets.gatewayConnections} connections: p99 < ${targets.gatewayP99Ms} ms`,
        measured: `${at32.p99Ms} ms`,
        met: at32.p99Ms < targets.gatewayP99Ms,
      },
    );
  }
  return checks;
}
