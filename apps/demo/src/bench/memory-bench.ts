import type { GatewayProcess } from './bench-servers.js';
import { gatewayTarget } from './bench-targets.js';
import { processRssMiB } from './process-rss.js';
import { loadCount } from './wrk-load.js';

export interface MemoryResult {
  requests: number;
  /** The gateway's resident set half-way through and at the end. */
  rssHalfMiB: number;
  rssEndMiB: number;
  /** Requests per second while it ran. */
  rps: number;
  failures: number;
}

/**
 * `requests` different questions through a gateway that has served nothing before (each a
 * cache miss, each answer stored until the cache's LRU bound pushes it out), 32 connections:
 * its resident set half-way through and at the end. A leak shows as growth over the second half.
 */
export async function benchMemory(
  gateway: GatewayProcess,
  requests: number,
): Promise<MemoryResult> {
  const target = gatewayTarget(gateway);
  const first = await loadCount(target, 32, requests / 2);
  const rssHalfMiB = await processRssMiB(gateway.pid);
  const second = await loadCount(target, 32, requests / 2);
  const rssEndMiB = await processRssMiB(gateway.pid);
  const seconds = first.requests / first.rps + second.requests / second.rps;
  return {
    requests: first.requests + second.requests,
    rssHalfMiB,
    rssEndMiB,
    rps: (first.requests + second.requests) / seconds,
    failures: first.failures + second.failures,
  };
}
