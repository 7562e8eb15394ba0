import { Session } from 'node:inspector/promises';
import { closedLoop, type LoadOptions } from './closed-loop.js';
import {
  type CpuProfile,
  functionOf,
  ownerOf,
  type ProfileShare,
  profileShares,
} from './cpu-profile.js';

export interface InProcessProfile {
  calls: number;
  /** Self time per call by package (or part of Node.js and V8). */
  byOwner: ProfileShare[];
  /** Self time per call by function, the largest. */
  topFunctions: ProfileShare[];
}

/**
 * `call` in a closed loop (as measured elsewhere) under V8's CPU profiler, in this process: where
 * each call's time goes. A run of its own, since profiling slows what it watches.
 */
export async function profileInProcess(
  call: (i: number) => Promise<unknown>,
  options: LoadOptions,
): Promise<InProcessProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    // Already warm: whatever ran before measured the same calls.
    const run = await closedLoop(call, { ...options, warmup: 0 });
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile };
    const calls = run.latencies.length + run.errors;
    return {
      calls,
      byOwner: profileShares(profile, calls, ownerOf),
      topFunctions: profileShares(profile, calls, functionOf).slice(0, 12),
    };
  } finally {
    session.disconnect();
  }
}
