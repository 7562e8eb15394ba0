import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SimulatorProcess,
  startGatewayProcess,
  startSimulatorProcess,
} from './bench-servers.js';
import { benchCacheHits } from './cache-hit-bench.js';
import { benchInProcess } from './in-process-bench.js';
import { benchLayerCosts } from './layer-cost-bench.js';
import { benchMemory } from './memory-bench.js';
import { benchRedisLimiter } from './redis-limiter-bench.js';

// The measurements themselves, run very briefly: they work and report sane numbers.
const brief = { concurrency: 4, durationMs: 100, warmup: 8 };
let simulator: SimulatorProcess;
beforeAll(async () => {
  simulator = await startSimulatorProcess();
});
afterAll(() => simulator.stop());

describe('bench measurements', () => {
  it('compares the stack with the SDK alone on the same simulator', async () => {
    const result = await benchInProcess(simulator.url, brief);
    expect(result.direct.requests).toBeGreaterThan(0);
    expect(result.stack.requests).toBeGreaterThan(0);
    expect(result.directOnTransport.requests).toBeGreaterThan(0);
    expect(result.direct.errors + result.directOnTransport.errors + result.stack.errors).toBe(0);
    expect(result.ratio).toBeCloseTo(result.stack.rps / result.direct.rps, 10);
  });

  it('prices each layer of the stack in CPU per call, from the SDK alone to the whole stack', async () => {
    const result = await benchLayerCosts({ ...brief, rounds: 2 });
    expect([result.together.concurrency, result.alone.concurrency]).toEqual([brief.concurrency, 1]);
    for (const { layers } of [result.together, result.alone]) {
      expect(layers.map((row) => row.layer)).toEqual([
        'Anthropic SDK alone',
        '+ adapter (provider-claude)',
        '+ rate limiter',
        '+ failover (route pinned to Claude Haiku)',
        '+ router (plans the route)',
        '+ cache (a miss, the answer stored)',
        '+ observe: the whole stack',
      ]);
      for (const [i, row] of layers.entries()) {
        expect(row.cpuUsPerCall).toBeGreaterThan(0);
        expect(row.addedUs).toBeCloseTo(i ? row.cpuUsPerCall - layers[i - 1]!.cpuUsPerCall : 0);
      }
    }
  });

  it('measures cache hits through the stack', async () => {
    const { load, observed, profile } = await benchCacheHits(simulator.url, brief);
    expect(load.requests).toBeGreaterThan(0);
    expect(observed.requests).toBeGreaterThan(0);
    expect(load.errors + observed.errors).toBe(0);
    expect(profile.calls).toBeGreaterThan(0);
    expect(profile.byOwner.map((s) => s.name)).toContain('@llmux/cache');
  });

  it('measures the rate limiter on Redis, or says there is none', async () => {
    const result = await benchRedisLimiter(
      process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      brief,
    );
    expect(result?.requests).toBeGreaterThan(0);
    expect(result?.errors).toBe(0);
    expect(await benchRedisLimiter('redis://127.0.0.1:1', brief)).toBeUndefined();
  });

  it("measures a gateway's resident set half-way through a number of requests and at the end", async () => {
    const work = await mkdtemp(join(tmpdir(), 'llmux-bench-test-'));
    const gateway = await startGatewayProcess({
      cli: fileURLToPath(new URL('../../dist/cli.js', import.meta.url)),
      upstream: simulator.url,
      configFile: join(work, 'llmux.json'),
      logFile: join(work, 'requests.jsonl'),
      workers: 1,
    });
    try {
      const result = await benchMemory(gateway, 200);
      expect(result.requests).toBeGreaterThanOrEqual(200);
      expect(result.failures).toBe(0);
      expect(result.rssHalfMiB).toBeGreaterThan(10);
      expect(result.rssEndMiB).toBeGreaterThan(10);
    } finally {
      await gateway.stop();
      await rm(work, { recursive: true, force: true });
    }
  });
}, 20_000);
