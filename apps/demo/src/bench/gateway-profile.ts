import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayProcess } from './bench-servers.js';
import { gatewayTarget } from './bench-targets.js';
import { type CpuProfile, type ProfileShare, profileShares } from './cpu-profile.js';
import { processCpuUs } from './process-cpu.js';
import { load } from './wrk-load.js';

export interface GatewayProfile {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  /** The CPU time (user and system) the gateway's process used per request, from /proc. */
  cpuUsPerRequest: number;
  /** Where the gateway's time went while it was under load, per request. */
  shares: ProfileShare[];
}

/** Microseconds on the monotonic clock that V8's profiles of every process on the machine use. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1_000n);

/** The samples of `profile` taken between `from` and `to`, so startup and shutdown are left out. */
function window(profile: CpuProfile & { startTime: number }, from: number, to: number): CpuProfile {
  const samples: number[] = [];
  const timeDeltas: number[] = [];
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from || at > to) return;
    samples.push(id);
    timeDeltas.push(profile.timeDeltas[i] ?? 0);
  });
  return { nodes: profile.nodes, samples, timeDeltas };
}

/**
 * A one-worker gateway under `connections` for `seconds` with V8's CPU profiler on: self time by
 * package (and by part of Node.js and V8) per request, from the samples taken under load alone.
 */
export async function profileGateway(
  start: (nodeOptions: string[]) => Promise<GatewayProcess>,
  options: { connections: number; seconds: number },
): Promise<GatewayProfile> {
  const dir = await mkdtemp(join(tmpdir(), 'llmux-profile-'));
  try {
    const gateway = await start(['--cpu-prof', `--cpu-prof-dir=${dir}`]);
    let from: number;
    let to: number;
    let measured: Awaited<ReturnType<typeof load>>;
    let cpuUs = 0;
    try {
      const target = gatewayTarget(gateway);
      let cpuBefore = 0;
      measured = await load(target, options.connections, options.seconds, {
        onStart: async () => {
          cpuBefore = await processCpuUs(gateway.pid);
          from = monotonicUs();
        },
      });
      to = monotonicUs();
      cpuUs = (await processCpuUs(gateway.pid)) - cpuBefore;
    } finally {
      // The profile is written as the process exits.
      await gateway.stop();
    }
    const [file] = await readdir(dir);
    const profile = JSON.parse(await readFile(join(dir, file!), 'utf8'));
    return {
      connections: options.connections,
      seconds: options.seconds,
      requests: measured.requests,
      rps: measured.rps,
      cpuUsPerRequest: cpuUs / measured.requests,
      shares: profileShares(window(profile, from!, to), measured.requests),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
