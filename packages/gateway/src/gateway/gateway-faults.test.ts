import { type RedisTestServer, startRedisTestServer } from '@llmux/testkit';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { ACME_KEY, env, testConfig } from './gateway-test-setup.js';
import { type RunningGateway, startGateway } from './start-gateway.js';

/**
 * The gateway on the real clock over a Redis of its own that the tests stop, pause and kill:
 * what readiness says and what clients get while shared state is out.
 */
let redis: RedisTestServer;
const running: RunningGateway[] = [];

beforeAll(async () => {
  redis = await startRedisTestServer();
});
afterEach(async () => {
  redis.resume();
  await Promise.all(running.splice(0).map((g) => g.stop()));
  await redis.start(); // killed by a test: back for the next one
});
afterAll(async () => {
  await redis.stop();
});

const configWith = (extra: Record<string, unknown> = {}) =>
  parseConfig(
    {
      ...testConfig,
      rateLimits: {
        mode: 'fail-fast',
        limits: { tenant: { requestsPerMinute: 10_000, concurrentRequests: 8 } },
      },
      redis: {
        url: redis.url,
        prefix: `faults-${running.length}-${Date.now()}:`,
        connectTimeoutMs: 500,
        commandTimeoutMs: 100,
        retryMs: 200,
      },
      ...extra,
    },
    env,
  );

const start = async (extra?: Record<string, unknown>) => {
  const lines: string[] = [];
  const gateway = await startGateway(configWith(extra), {
    env,
    port: 0,
    logDestination: { write: (line: string) => void lines.push(line) },
  });
  running.push(gateway);
  const client = new OpenAI({ apiKey: ACME_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { gateway, client, logs };
};

const ask = (client: OpenAI, text: string) =>
  client.chat.completions.create({
    model: 'auto',
    temperature: 1, // never a cache hit: each call goes through every layer
    messages: [{ role: 'user', content: text }],
  });

const readiness = async (gateway: RunningGateway) => {
  const response = await fetch(`${gateway.url}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

/** Polls (bounded) until `check` holds: for what another process or a reconnect does. */
async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  let value = await probe();
  for (let tries = 0; !check(value) && tries < 100; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await probe();
  }
  return value;
}

const redisCheck = (body: Record<string, unknown>) =>
  (body.checks as Array<{ name: string; ok: boolean; detail?: string }>).find(
    (c) => c.name === 'redis',
  );

describe('the gateway when Redis is out', () => {
  it('fails to start with a clear error when Redis cannot be reached', async () => {
    await redis.stop();
    await expect(startGateway(configWith(), { env, port: 0 })).rejects.toThrow(
      `Redis at redis://127.0.0.1:${redis.port} could not be reached within 500 ms`,
    );
  });

  it('starts degraded when told to, serves, and uses Redis once it answers', async () => {
    await redis.stop();
    const { gateway, client } = await start({
      redis: {
        url: redis.url,
        prefix: 'degraded-start:',
        connectTimeoutMs: 300,
        whenUnavailable: 'degraded',
      },
    });
    expect((await ask(client, 'no redis yet')).choices[0]?.message.content).toContain('no redis');
    const down = await readiness(gateway);
    expect(down.status).toBe(200);
    expect(down.body.degraded).toContain('redis');
    expect(redisCheck(down.body)?.detail).toMatch(/^degraded: /);
    await redis.start();
    const back = await eventually(
      () => readiness(gateway),
      (r) => redisCheck(r.body)?.detail === undefined,
    );
    expect(redisCheck(back.body)).toEqual({ name: 'redis', ok: true });
  });

  it('answers every request through a Redis stall and a kill, and says it is degraded', async () => {
    const { gateway, client, logs } = await start();
    await ask(client, 'before');
    redis.pause();
    for (let i = 0; i < 5; i++) await ask(client, `stalled ${i}`);
    const stalled = await readiness(gateway);
    expect(stalled.status).toBe(200);
    expect(stalled.body.degraded).toContain('redis');
    redis.resume();
    await eventually(
      () => readiness(gateway),
      (r) => !(r.body.degraded as string[]).includes('redis'),
    );
    await redis.stop();
    for (let i = 0; i < 5; i++) await ask(client, `killed ${i}`);
    expect((await readiness(gateway)).status).toBe(200);
    const stores = logs().filter((line) => line.type === 'store');
    expect(stores.map((line) => line.state)).toEqual(expect.arrayContaining(['down', 'up']));
    expect(logs().filter((line) => line.msg === 'request' && line.error_kind !== null)).toEqual([]);
  });

  it('is not ready while Redis is out when limits are configured to fail closed', async () => {
    const { gateway } = await start({
      rateLimits: {
        mode: 'fail-fast',
        outage: { mode: 'fail-closed' },
        limits: { tenant: { requestsPerMinute: 10_000 } },
      },
    });
    expect((await readiness(gateway)).status).toBe(200);
    await redis.stop();
    const out = await readiness(gateway);
    expect(out.status).toBe(503);
    expect(redisCheck(out.body)).toMatchObject({
      ok: false,
      detail: expect.stringContaining('fail closed'),
    });
  });
});

describe('the gateway when its providers fail', () => {
  it('is not ready once every candidate circuit is open, and says which', async () => {
    const { gateway, client } = await start({
      failover: { retry: { maxAttempts: 1 }, breaker: { consecutiveFailures: 1, openMs: 600_000 } },
    });
    // 500s are breakage (a 529 or a 429 would only pause the provider, never open its circuit).
    for (const simulator of Object.values(gateway.stack.simulators)) {
      simulator.fault({ fault: { type: 'status', status: 500 }, times: Number.POSITIVE_INFINITY });
    }
    for (let i = 0; i < 3; i++) await ask(client, `all down ${i}`).catch(() => {});
    const { status, body } = await readiness(gateway);
    expect(status).toBe(503);
    expect(body.checks).toContainEqual(
      expect.objectContaining({
        name: 'candidates',
        ok: false,
        detail: expect.stringContaining('circuit open'),
      }),
    );
  });
});

describe('the gateway keeps its records', () => {
  it('refuses to start when its log file cannot be written', async () => {
    await expect(
      startGateway(parseConfig({ ...testConfig, logging: { file: '/dev/null/llmux.log' } }, env), {
        env,
        port: 0,
      }),
    ).rejects.toThrow(/^logging.file: cannot write \/dev\/null\/llmux.log \(E[A-Z]+\)$/);
  });

  it('ends a stream cut at shutdown with an error chunk, and logs it', async () => {
    const lines: string[] = [];
    const gateway = await startGateway(
      parseConfig(
        {
          ...testConfig,
          gateway: { shutdownTimeoutMs: 50 },
          providers: {
            anthropic: { simulator: { chunkIntervalMs: 60_000, chunkSize: 1 } },
            openai: { simulator: { chunkIntervalMs: 60_000, chunkSize: 1 } },
            gemini: { simulator: { chunkIntervalMs: 60_000, chunkSize: 1 } },
          },
        },
        env,
      ),
      { env, port: 0, logDestination: { write: (line: string) => void lines.push(line) } },
    );
    const client = new OpenAI({ apiKey: ACME_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'auto',
      stream: true,
      messages: [{ role: 'user', content: 'a long answer, slowly' }],
    });
    const chunks: unknown[] = [];
    const read = (async () => {
      for await (const chunk of stream) chunks.push(chunk);
    })();
    const failed = read.then(
      () => undefined,
      (error: unknown) => error,
    );
    while (chunks.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await gateway.stop();
    const error = await failed;
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).message).toContain('shutting down');
    const records = lines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'request');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ streamed: true, error_kind: expect.any(String) });
  });
});
