import type { BenchResults } from './bench-results.js';

const load = (rps: number, p50Ms: number, p99Ms: number, cpuUsPerCall = 0) => ({
  requests: rps * 5,
  errors: 0,
  rps,
  p50Ms,
  p99Ms,
  cpuUsPerCall,
});

/** A bench run's results, made up, for the tests of what is derived from them. */
export const sampleResults = (): BenchResults => ({
  date: new Date('2026-11-25T12:00:00Z'),
  command: 'pnpm bench',
  machine: {
    cpuModel: 'Test CPU',
    cores: 2,
    memoryGiB: 8,
    node: 'v24.0.0',
    platform: 'linux x64',
  },
  inProcess: {
    concurrency: 16,
    direct: load(2_000, 4, 20, 380),
    stack: load(1_960, 4.2, 21, 395.5),
    ratio: 0.98,
  },
  layerCosts: {
    concurrency: 16,
    rounds: 3,
    layers: [
      { layer: 'Anthropic SDK alone', cpuUsPerCall: 400, addedUs: 0 },
      { layer: '+ adapter (provider-claude)', cpuUsPerCall: 430.4, addedUs: 30.4 },
    ],
  },
  gateway: {
    workers: 'auto',
    seconds: 6,
    direct: [
      { connections: 1, rps: 9_000, p50Ms: 0, p99Ms: 1, failures: 0 },
      { connections: 32, rps: 18_000, p50Ms: 1, p99Ms: 8, failures: 0 },
    ],
    gateway: [
      { connections: 1, rps: 1_500, p50Ms: 1, p99Ms: 3, failures: 0 },
      { connections: 32, rps: 5_200, p50Ms: 5, p99Ms: 25, failures: 2 },
    ],
  },
  portkey: {
    seconds: 3,
    rounds: 2,
    rows: [
      {
        connections: 32,
        gateways: {
          'llmux, 1 worker': {
            connections: 32,
            rps: 2_400,
            p50Ms: 12,
            p99Ms: 30,
            failures: 0,
            ratio: 2,
          },
          'llmux, auto workers': {
            connections: 32,
            rps: 3_000,
            p50Ms: 10,
            p99Ms: 28,
            failures: 0,
            ratio: 2.5,
          },
        },
        portkey: { connections: 32, rps: 1_200, p50Ms: 25, p99Ms: 60, failures: 1 },
      },
    ],
  },
  streaming: {
    ttftStreams: 200,
    directTtftMs: { p50: 0.5, p99: 1.25 },
    gatewayTtftMs: { p50: 1.5, p99: 4 },
    chunks: 1_000,
    relayedStreams: 30,
    rawRelayCpuUs: 2_000,
    gatewayCpuUs: 9_000,
  },
  cacheHits: load(90_000, 0.15, 0.4),
  redisLimiter: undefined,
  redisUrl: 'redis://127.0.0.1:6379',
  memory: {
    requests: 100_000,
    rssMiB: 480,
    heapUsedMiB: 46,
    heapTotalMiB: 300,
    rssGrowthMiB: 2.5,
    heapGrowthMiB: 1.25,
    rps: 800,
  },
});
