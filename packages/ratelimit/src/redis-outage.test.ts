import {
  createManualClock,
  type GenerateRequest,
  type LanguageModel,
  systemClock,
} from '@llmux/core';
import { createMockModel, type RedisTestServer, startRedisTestServer } from '@llmux/testkit';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rateLimit } from './rate-limited-model.js';
import { createRedisStore } from './redis-store.js';
import { ask, catalog, redisServerMissing, setup, T0, track } from './test-fixtures.js';

/**
 * Redis outages, on a private redis-server started for this file (never the shared one): it is
 * killed and started again on the same port, or frozen (SIGSTOP) and let go.
 */

let server: RedisTestServer;

beforeAll(async () => {
  if (!redisServerMissing) server = await startRedisTestServer();
});

afterAll(async () => {
  await server?.stop();
});

/** A client that refuses commands at once while disconnected, as the README advises. */
const connect = async (options: { disableOfflineQueue?: boolean } = {}) => {
  const client = createClient({
    url: server.url,
    disableOfflineQueue: options.disableOfflineQueue ?? true,
    socket: { reconnectStrategy: () => 20 },
  });
  client.on('error', () => {});
  await client.connect();
  return client;
};

const target = { provider: 'mock', model: 'mock-model' };

describe.skipIf(redisServerMissing)(
  `when Redis cannot be reached${redisServerMissing ? ' (skipped: redis-server is not installed)' : ''}`,
  () => {
    it('fail-closed: refuses every call until Redis is back, then counts there again', async () => {
      const client = await connect();
      const clock = createManualClock(T0);
      try {
        const store = createRedisStore({ client, prefix: 'outage-closed', clock });
        const { model, events, mock } = setup(
          {
            limits: { model: { requestsPerMinute: 3 } },
            store,
            mode: 'fail-fast',
            outage: { mode: 'fail-closed' },
          },
          {},
          clock,
        );
        await model.generate(ask());

        await server.stop();
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
        expect(model.storeHealth()).toMatchObject({ state: 'down', limiting: 'refused' });

        await server.start();
        await vi.waitFor(() => expect(client.isReady).toBe(true), { timeout: 5_000 });
        // Back as soon as the client is: a disconnected client fails at once and never opened
        // the breaker. The new server has lost the scripts (NOSCRIPT) and the counts: both come back.
        await model.generate(ask());
        expect(await model.headroom(target)).toMatchObject({ requests: expect.closeTo(2 / 3) });
        expect(mock.calls).toHaveLength(2);
        expect(model.storeHealth()).toMatchObject({ state: 'up', limiting: 'store' });
      } finally {
        client.destroy();
      }
    });

    it('local: counts in this process against its share of each limit, then returns to Redis', async () => {
      const client = await connect();
      const clock = createManualClock(T0);
      try {
        const store = createRedisStore({ client, prefix: 'outage-local', clock });
        const { model, mock } = setup(
          {
            limits: { model: { requestsPerMinute: 4, concurrentRequests: 10 } },
            store,
            mode: 'fail-fast',
            outage: { localShare: 0.5 },
          },
          { script: { text: 'ok', delayMs: 100 } },
          clock,
        );
        // A call reserved in Redis that ends during the outage.
        const inFlight = track(model.generate(ask()));
        await vi.waitFor(() => expect(mock.calls).toHaveLength(1));

        await server.stop();
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
        expect(model.storeHealth()).toMatchObject({ state: 'down', limiting: 'local' });

        await server.start();
        await vi.waitFor(() => expect(client.isReady).toBe(true), { timeout: 5_000 });
        // Back on Redis: a new, empty server.
        expect(await model.headroom(target)).toMatchObject({ requests: 1, inFlight: 0 });
        await model.generate(ask());
        expect(await model.headroom(target)).toMatchObject({ requests: 0.75 });
      } finally {
        client.destroy();
      }
    });

    it('never waits in the offline queue, and gives up a call Redis does not answer in timeoutMs', async () => {
      // With the offline queue on, node-redis would hold commands until it reconnects.
      const client = await connect({ disableOfflineQueue: false });
      const clock = createManualClock(T0);
      try {
        const store = createRedisStore({
          client,
          prefix: 'outage-timeout',
          clock,
          timeoutMs: 2_000,
        });
        const { model } = setup(
          { limits: { model: { requestsPerMinute: 4 } }, store, mode: 'fail-fast' },
          {},
          clock,
        );
        await server.stop();
        await vi.waitFor(() => expect(client.isReady).toBe(false));
        const disconnected = track(model.generate(ask()));
        await vi.waitFor(() =>
          expect(disconnected).toMatchObject({ done: true, error: undefined }),
        );

        await server.start();
        await vi.waitFor(() => expect(client.isReady).toBe(true), { timeout: 5_000 });
        await clock.advance(1_000);
        server.pause();
        try {
          const hung = track(model.generate(ask()));
          await clock.advance(1_999);
          expect(hung.done).toBe(false);
          await clock.advance(1);
          await vi.waitFor(() => expect(hung).toMatchObject({ done: true, error: undefined }));
        } finally {
          server.resume();
        }
      } finally {
        client.destroy();
      }
    });

    it('leaves nothing behind of the calls given up on while Redis was frozen', async () => {
      const client = await connect();
      const prefix = 'outage-stall';
      const key = (name: string) => `{${prefix}}:${name}`;
      try {
        // Long leases: only the undoing of what was given up on can free them in time.
        const store = createRedisStore({ client, prefix, timeoutMs: 200, retryMs: 200 });
        const slow = (delayMs: number): LanguageModel =>
          createMockModel({ clock: systemClock, catalog, script: { text: 'ok', delayMs } });
        const limited = (model: LanguageModel, mode: 'wait' | 'fail-fast') =>
          rateLimit(model, {
            limits: { model: { concurrentRequests: 4 }, global: { spendPerDayUsd: 100 } },
            store,
            catalog,
            leaseMs: 60_000,
            maxWaitMs: 10_000,
            mode,
          });
        const model = limited(slow(100), 'wait');
        const request = (): GenerateRequest => ask();

        server.pause();
        const stalled = await Promise.allSettled(
          Array.from({ length: 10 }, () => model.generate(request())),
        );
        expect(stalled.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
        expect(model.storeHealth()).toMatchObject({ state: 'down', limiting: 'local' });
        server.resume();
        const resumedAt = Date.now();

        // What the frozen Redis ran late is undone right behind it: no lease, no hold is left.
        await vi.waitFor(
          async () => {
            expect(await client.zCount(key('c:m:mock:mock-model'), Date.now(), '+inf')).toBe(0);
            expect(
              await client.zCard(key(`s:g:d${new Date().toISOString().slice(0, 10)}:holds`)),
            ).toBe(0);
          },
          { timeout: 2_000, interval: 20 },
        );
        // And, once the breaker lets a call through, all four slots are there at once, in Redis.
        await vi.waitFor(
          async () => {
            await model.generate(request());
            expect(model.storeHealth()).toMatchObject({ state: 'up', limiting: 'store' });
          },
          { timeout: 2_000, interval: 50 },
        );
        const fleet = limited(slow(1_000), 'fail-fast');
        const four = Array.from({ length: 4 }, () => fleet.generate(request()));
        await vi.waitFor(
          async () => expect(await client.zCard(key('c:m:mock:mock-model'))).toBe(4),
          { timeout: 1_000, interval: 10 },
        );
        await expect(fleet.generate(request())).rejects.toMatchObject({ kind: 'rate_limited' });
        await Promise.all(four);
        expect(Date.now() - resumedAt).toBeLessThan(5_000);
      } finally {
        client.destroy();
      }
    });
  },
);
