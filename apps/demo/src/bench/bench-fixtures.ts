import type { BenchResults } from './bench-results.js';

const load = (rps: number, p50Ms: number, p99Ms: number, cpuUsPerCall = 0) => ({
  requests: rps * 5,
  errors: 0,
  rps,
  p50Ms,
  p99Ms,
  cpuUsPerCall,
});

const http = (connections: number, rps: number, p50Ms: number, p99Ms: number) => ({
  connections,
  rps,
  p50Ms,
  p99Ms,
  failures: 0,
  requests: rps * 3,
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
    directOnTransport: load(3_000, 3, 15, 250),
    stack: load(1_960, 4.2, 21, 395.5),
    ratio: 0.98,
  },
  layerCosts: {
    rounds: 3,
    together: {
      concurrency: 16,
      answerNextTurn: false,
      layers: [
        { layer: 'Anthropic SDK alone', cpuUsPerCall: 400, addedUs: 0 },
        { layer: '+ adapter (provider-claude)', cpuUsPerCall: 430.4, addedUs: 30.4 },
      ],
    },
    alone: {
      concurrency: 1,
      answerNextTurn: true,
      layers: [
        { layer: 'Anthropic SDK alone', cpuUsPerCall: 500, addedUs: 0 },
        { layer: '+ adapter (provider-claude)', cpuUsPerCall: 545, addedUs: 45 },
      ],
    },
    profile: {
      calls: 4_000,
      byOwner: [
        { name: '@anthropic-ai/sdk', usPerRequest: 60, share: 0.6 },
        { name: '@llmux/failover', usPerRequest: 40, share: 0.4 },
      ],
      topFunctions: [{ name: 'runPlan (@llmux/failover)', usPerRequest: 12.5, share: 0.125 }],
    },
  },
  gateways: {
    seconds: 3,
    rounds: 2,
    rows: [32, 1].map((connections) => ({
      connections,
      loads: {
        'the simulator, direct': http(connections, 18_000, 1, 8),
        'llmux, 1 worker': http(connections, 2_400, 12, 30),
        'llmux, a worker per core': http(connections, 3_000, connections === 1 ? 1.2 : 10, 28),
        Portkey: { ...http(connections, 1_200, 25, 60), failures: 1 },
      },
    })),
  },
  gatewayProfile: {
    connections: 32,
    seconds: 6,
    requests: 6_000,
    rps: 1_000,
    cpuUsPerRequest: 420,
    shares: [
      { name: 'Node.js: fetch (undici)', usPerRequest: 300, share: 0.6 },
      { name: '@llmux/gateway', usPerRequest: 196, share: 0.392 },
      { name: 'pino', usPerRequest: 3, share: 0.006 },
      { name: 'other', usPerRequest: 1, share: 0.002 },
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
  observedCacheHits: load(70_000, 0.2, 0.5),
  redisLimiter: null,
  redisUrl: 'redis://127.0.0.1:6379',
  memory: { requests: 200_000, rssHalfMiB: 200, rssEndMiB: 204, rps: 1_500, failures: 0 },
});
