import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRedisStore } from './redis-store.js';
import { ask, setup, track } from './test-fixtures.js';

/**
 * Redis outages, on a private redis-server started for this file (never the shared one): it is
 * stopped mid-run and started again on the same port.
 */

const freePort = async (): Promise<number> => {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
};

let port: number;
let server: ChildProcess | undefined;

const startRedis = async () => {
  server = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const ping = async () => {
    const probe = createClient({
      url: `redis://127.0.0.1:${port}`,
      socket: { reconnectStrategy: false },
    });
    probe.on('error', () => {});
    await probe.connect();
    await probe.ping();
    probe.destroy();
  };
  await vi.waitFor(ping, { timeout: 5_000, interval: 20 });
};

const stopRedis = async () => {
  const running = server;
  server = undefined;
  if (!running || running.exitCode !== null) return;
  running.kill('SIGKILL');
  await once(running, 'exit');
};

/** A client that refuses commands at once while disconnected, as the README advises. */
const connect = async (options: { disableOfflineQueue?: boolean } = {}) => {
  const client = createClient({
    url: `redis://127.0.0.1:${port}`,
    disableOfflineQueue: options.disableOfflineQueue ?? true,
    socket: { reconnectStrategy: () => 20 },
  });
  client.on('error', () => {});
  await client.connect();
  return client;
};

beforeAll(async () => {
  port = await freePort();
  await startRedis();
});

afterAll(async () => {
  await stopRedis();
});

const target = { provider: 'mock', model: 'mock-model' };

describe('when Redis cannot be reached', () => {
  it('fail-closed: refuses every call until Redis is back, then counts there again', async () => {
    const client = await connect();
    try {
      const { model, clock, events, mock } = setup({
        limits: { model: { requestsPerMinute: 3 } },
        store: createRedisStore({ client, prefix: 'outage-closed' }),
        mode: 'fail-fast',
        outage: { mode: 'fail-closed', retryMs: 5_000 },
      });
      await model.generate(ask());

      await stopRedis();
      await vi.waitFor(() => expect(client.isReady).toBe(false));
      await expect(model.generate(ask())).rejects.toMatchObject({
        kind: 'server_error',
        message: expect.stringContaining('fail-closed'),
      });
      expect(events.at(-1)).toMatchObject({
        type: 'rate-limit',
        scope: 'store',
        outcome: 'rejected',
      });
      expect(await model.headroom(target)).toEqual({ requests: 0 });
      await expect(model.spend()).rejects.toMatchObject({ kind: 'server_error' });

      await startRedis();
      await vi.waitFor(() => expect(client.isReady).toBe(true), { timeout: 5_000 });
      // Redis is back, but is left alone until retryMs has passed since the failure.
      await expect(model.generate(ask())).rejects.toMatchObject({ kind: 'server_error' });
      await clock.advance(5_000);
      // The new server has lost the scripts (NOSCRIPT) and the counts: both come back.
      await model.generate(ask());
      expect(await model.headroom(target)).toMatchObject({ requests: expect.closeTo(2 / 3) });
      expect(mock.calls).toHaveLength(2);
    } finally {
      client.destroy();
    }
  });

  it('local: counts in this process against its share of each limit, then returns to Redis', async () => {
    const client = await connect();
    try {
      const { model, clock, mock } = setup(
        {
          limits: { model: { requestsPerMinute: 4, concurrentRequests: 10 } },
          store: createRedisStore({ client, prefix: 'outage-local' }),
          mode: 'fail-fast',
          outage: { mode: 'local', localShare: 0.5, retryMs: 5_000 },
        },
        { script: { text: 'ok', delayMs: 100 } },
      );
      // A call reserved in Redis that ends during the outage.
      const inFlight = track(model.generate(ask()));
      await vi.waitFor(() => expect(mock.calls).toHaveLength(1));

      await stopRedis();
      await vi.waitFor(() => expect(client.isReady).toBe(false));
      await clock.advance(100);
      expect(inFlight).toMatchObject({ done: true, error: undefined });
      mock.setScript({ text: 'ok' });

      // Half of 4 per minute, counted here alone.
      await model.generate(ask());
      await model.generate(ask());
      await expect(model.generate(ask())).rejects.toMatchObject({
        kind: 'rate_limited',
        message: expect.stringContaining('limit of 4'),
      });
      expect(await model.headroom(target)).toMatchObject({ requests: 0 });

      await startRedis();
      await vi.waitFor(() => expect(client.isReady).toBe(true), { timeout: 5_000 });
      await clock.advance(5_000);
      // Back on Redis: a new, empty server.
      expect(await model.headroom(target)).toMatchObject({ requests: 1, inFlight: 0 });
      await model.generate(ask());
      expect(await model.headroom(target)).toMatchObject({ requests: 0.75 });
    } finally {
      client.destroy();
    }
  });

  it('treats a store call that hangs past timeoutMs as an outage', async () => {
    // With the offline queue on, node-redis holds commands until it reconnects.
    const client = await connect({ disableOfflineQueue: false });
    try {
      const { model, clock } = setup({
        limits: { model: { requestsPerMinute: 4 } },
        store: createRedisStore({ client, prefix: 'outage-timeout' }),
        mode: 'fail-fast',
        outage: { mode: 'local', timeoutMs: 2_000 },
      });
      await stopRedis();
      await vi.waitFor(() => expect(client.isReady).toBe(false));
      const call = track(model.generate(ask()));
      await clock.advance(1_999);
      expect(call.done).toBe(false);
      await clock.advance(1);
      expect(call).toMatchObject({ done: true, error: undefined });
    } finally {
      client.destroy();
      await startRedis();
    }
  });
});
