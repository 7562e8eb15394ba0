import { type RedisScript, type RedisScriptClient, redisScript } from '@llmux/core';
import { invalidOption } from './limits.js';
import { pauseLua } from './lua/pause.js';
import { readLua } from './lua/read.js';
import { reserveLua } from './lua/reserve.js';
import { settleLua } from './lua/settle.js';
import type {
  BlockReason,
  RateLimitStore,
  ReserveOutcome,
  UsageReading,
} from './rate-limit-store.js';

export interface RedisStoreOptions {
  /** A node-redis client or cluster (`createClient()`, `createCluster()`); only its scripts are used. */
  client: RedisScriptClient;
  /**
   * Starts every key, as a hash tag: `{llmux:ratelimit}:...`. All keys of one prefix live in one
   * Redis Cluster slot, so a reservation is one atomic script there too. Default `llmux:ratelimit`.
   */
  prefix?: string;
}

const scripts = {
  reserve: redisScript(reserveLua),
  settle: redisScript(settleLua),
  pause: redisScript(pauseLua),
  read: redisScript(readLua),
};

const blockReasons: Record<number, BlockReason> = {
  1: 'paused',
  2: 'budget',
  3: 'window',
  4: 'concurrency',
  5: 'budget-held',
};

/** Lua has no infinity in JSON: -1 stands for a count that does not limit. */
const luaLimit = (limit: number) => (Number.isFinite(limit) ? limit : -1);

/**
 * A store shared by every process that uses the same Redis and prefix. Each call is one script,
 * one round trip. Keys expire once nothing in them counts any more.
 */
export function createRedisStore(options: RedisStoreOptions): RateLimitStore {
  const { client, prefix = 'llmux:ratelimit' } = options;
  if (typeof client?.evalSha !== 'function' || typeof client.eval !== 'function') {
    throw invalidOption('client', 'a node-redis client or cluster', client);
  }
  if (typeof prefix !== 'string' || prefix === '' || /[{}]/.test(prefix)) {
    throw invalidOption('prefix', 'a non-empty string without { or }', prefix);
  }
  const key = (name: string) => `{${prefix}}:${name}`;

  const run = (script: RedisScript, keys: string[], args: string[]): Promise<unknown> =>
    script(client, { keys: keys.map(key), arguments: args });

  return {
    async reserve(plan): Promise<ReserveOutcome> {
      const reply = (await run(
        scripts.reserve,
        [
          plan.pauseKey,
          ...plan.windows.map((w) => w.key),
          ...plan.budgets.map((b) => b.key),
          ...plan.leases.map((l) => l.key),
        ],
        [
          JSON.stringify({
            now: plan.now,
            id: plan.id,
            windows: plan.windows.map(({ limit, cost, slotMs, span }) => ({
              limit: luaLimit(limit),
              cost,
              slotMs,
              span,
            })),
            budgets: plan.budgets.map(({ limit, cost, expireAt }) => ({
              limit: luaLimit(limit),
              cost,
              expireAt,
            })),
            leases: plan.leases.map(({ limit, ttlMs }) => ({ limit: luaLimit(limit), ttlMs })),
          }),
        ],
      )) as number[];
      const [code, index = 0, retryAfterMs = -1] = reply.map(Number);
      const blockedBy = blockReasons[code ?? 0];
      if (!blockedBy) return { ok: true };
      return retryAfterMs >= 0
        ? { ok: false, blockedBy, index, retryAfterMs }
        : { ok: false, blockedBy, index };
    },

    async settle(settlement) {
      await run(
        scripts.settle,
        [
          ...settlement.windows.map((w) => w.key),
          ...settlement.budgets.map((b) => b.key),
          ...settlement.leases,
        ],
        [
          JSON.stringify({
            now: settlement.now,
            id: settlement.id,
            windows: settlement.windows.map(({ slot, delta, slotMs, span }) => ({
              slot,
              delta,
              slotMs,
              span,
            })),
            budgets: settlement.budgets.map(({ spent, held, expireAt }) => ({
              spent,
              held,
              expireAt,
            })),
          }),
        ],
      );
    },

    async pause(pauseKey, until, now) {
      await run(scripts.pause, [pauseKey], [String(Math.ceil(until)), String(now)]);
    },

    async read(query): Promise<UsageReading> {
      const reply = (await run(
        scripts.read,
        [query.pauseKey, ...query.windows.map((w) => w.key), ...query.budgets, ...query.leases],
        [
          JSON.stringify({
            now: query.now,
            windows: query.windows.map(({ slotMs, span }) => ({ slotMs, span })),
            budgets: query.budgets.length,
          }),
        ],
      )) as string[];
      const [paused = '', ...values] = reply.map(String);
      const pausedUntil = Number(paused);
      const nw = query.windows.length;
      const nb = query.budgets.length;
      return {
        pausedUntil: paused !== '' && pausedUntil > query.now ? pausedUntil : undefined,
        windows: values.slice(0, nw).map(Number),
        budgets: values.slice(nw, nw + nb).map((value) => Math.max(0, Number(value))),
        leases: values.slice(nw + nb).map(Number),
      };
    },
  };
}
