import {
  type Clock,
  createStoreBreaker,
  type RedisConnection,
  type RedisScript,
  type RedisScriptClient,
  redisScript,
  runRedisCommand,
  type StoreBreaker,
  systemClock,
} from '@llmux/core';
import { createEndRedelivery, type EndSend } from './end-redelivery.js';
import { invalidOption, isPlainObject } from './limits.js';
import { pauseLua } from './lua/pause.js';
import { readLua } from './lua/read.js';
import { renewLua } from './lua/renew.js';
import { reserveLua } from './lua/reserve.js';
import { settleLua } from './lua/settle.js';
import type {
  BlockReason,
  RateLimitStore,
  ReserveOutcome,
  Settlement,
  UsageReading,
} from './rate-limit-store.js';
import { abandonmentOf } from './reservation.js';

/** A node-redis client or cluster (`createClient()`, `createCluster()`), connected. */
export type RedisStoreClient = RedisScriptClient & RedisConnection;

export interface RedisStoreOptions {
  /** Only its scripts and its `isReady` are used; its connection stays yours. */
  client: RedisStoreClient;
  /**
   * Starts every key, as a hash tag: `{llmux:ratelimit}:...`. All keys of one prefix live in one
   * Redis Cluster slot, so a reservation is one atomic script there too. Default `llmux:ratelimit`.
   */
  prefix?: string;
  /** Longest wait for one script; past it the call fails and the limiter goes on without Redis. Default 1000 ms. */
  timeoutMs?: number;
  /**
   * Shared by every store on the same client (core's `createStoreBreaker`): once Redis fails,
   * their calls fail at once for a while rather than each wait `timeoutMs`. Default: one of
   * this store's own.
   */
  breaker?: StoreBreaker;
  /** With a breaker of its own: how long calls fail at once after a failure. Default 1000 ms. */
  retryMs?: number;
  /** Times the calls. Default the system clock. */
  clock?: Clock;
}

const scripts = {
  reserve: redisScript(reserveLua),
  settle: redisScript(settleLua),
  renew: redisScript(renewLua),
  pause: redisScript(pauseLua),
  read: redisScript(readLua),
};

const blockReasons: Record<number, BlockReason> = {
  1: 'paused',
  2: 'budget',
  3: 'window',
  4: 'concurrency',
  5: 'budget-held',
  6: 'ended',
};

/** Lua has no infinity in JSON: -1 stands for a count that does not limit. */
const luaLimit = (limit: number) => (Number.isFinite(limit) ? limit : -1);

/** Where a reservation is marked ended; where a budget's holds lapse; who shares the store. */
const endKey = (id: string) => `e:${id}`;
const holdsKey = (budgetKey: string) => `${budgetKey}:holds`;
const PROCESSES_KEY = 'processes';

const budgetKeys = (budgets: Array<{ key: string }>) =>
  budgets.flatMap(({ key }) => [key, holdsKey(key)]);

function resolve(options: RedisStoreOptions) {
  if (!isPlainObject(options)) throw invalidOption('options', 'an object', options);
  const {
    client,
    prefix = 'llmux:ratelimit',
    timeoutMs = 1000,
    clock = systemClock,
    breaker,
    retryMs,
  } = options;
  if (typeof client?.evalSha !== 'function' || typeof client.eval !== 'function') {
    throw invalidOption('client', 'a node-redis client or cluster', client);
  }
  if (typeof prefix !== 'string' || prefix === '' || /[{}]/.test(prefix)) {
    throw invalidOption('prefix', 'a non-empty string without { or }', prefix);
  }
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0)) {
    throw invalidOption('timeoutMs', 'a positive number of milliseconds', timeoutMs);
  }
  if (typeof clock?.now !== 'function' || typeof clock.sleep !== 'function') {
    throw invalidOption('clock', 'a Clock', clock);
  }
  if (breaker !== undefined && typeof breaker?.run !== 'function') {
    throw invalidOption('breaker', "a StoreBreaker (core's createStoreBreaker)", breaker);
  }
  if (breaker !== undefined && retryMs !== undefined) {
    throw invalidOption('retryMs', 'left out: the shared breaker has its own', retryMs);
  }
  if (retryMs !== undefined && (typeof retryMs !== 'number' || !(retryMs >= 0))) {
    throw invalidOption('retryMs', 'a number of milliseconds, 0 or more', retryMs);
  }
  return {
    client,
    prefix,
    timeoutMs,
    clock,
    breaker: breaker ?? createStoreBreaker({ retryMs: retryMs ?? 1000, clock }),
  };
}

/**
 * A store shared by every process that uses the same Redis and prefix. Each call is one script,
 * one round trip, bounded by `timeoutMs`; calls fail at once while the client is disconnected or
 * the breaker is open. Keys expire once nothing in them counts any more. An end that cannot be
 * sent is sent again once Redis answers, and a reserve given up on is undone, whichever of the
 * two reaches Redis first.
 */
export function createRedisStore(options: RedisStoreOptions): RateLimitStore {
  const { client, prefix, timeoutMs, clock, breaker } = resolve(options);
  const key = (name: string) => `{${prefix}}:${name}`;

  /** One script call; `direct` skips the breaker. */
  const send = (script: RedisScript, keys: string[], args: unknown, direct = false): EndSend => {
    let sent = false;
    const command = () => {
      sent = true;
      return script(client, { keys: keys.map(key), arguments: [JSON.stringify(args)] });
    };
    // A disconnected client fails at once without the breaker: it costs no timeout, and the
    // first call after the reconnection goes through rather than wait out the breaker's retryMs.
    const done = runRedisCommand(client, command, {
      timeoutMs,
      clock,
      breaker: direct || !client.isReady ? undefined : breaker,
    });
    return { done, sent: () => sent };
  };

  const ends = createEndRedelivery({
    clock,
    send: (settlement: Settlement, direct: boolean) =>
      send(
        scripts.settle,
        [
          endKey(settlement.id),
          ...settlement.windows.map((w) => w.key),
          ...budgetKeys(settlement.budgets),
          ...settlement.leases,
        ],
        {
          now: settlement.now,
          id: settlement.id,
          ttlMs: settlement.ttlMs,
          abandoned: settlement.abandoned,
          windows: settlement.windows.map(({ slot, delta, slotMs, span }) => ({
            slot,
            delta,
            slotMs,
            span,
          })),
          budgets: settlement.budgets.map(({ spent, expireAt }) => ({ spent, expireAt })),
        },
        direct,
      ),
  });

  /** Runs a script; once Redis answers, the ends it could not take before go out again. */
  const call = async (script: RedisScript, keys: string[], args: unknown): Promise<unknown> => {
    const reply = await send(script, keys, args).done;
    if (ends.size > 0) ends.retry();
    return reply;
  };

  return {
    async reserve(plan): Promise<ReserveOutcome> {
      const reserving = send(
        scripts.reserve,
        [
          plan.pauseKey,
          endKey(plan.id),
          ...plan.windows.map((w) => w.key),
          ...budgetKeys(plan.budgets),
          ...plan.leases.map((l) => l.key),
        ],
        {
          now: plan.now,
          id: plan.id,
          ttlMs: plan.ttlMs,
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
          leases: plan.leases.map(({ limit }) => ({ limit: luaLimit(limit) })),
          ...(plan.countOnly && { countOnly: true }),
        },
      );
      let reply: number[];
      try {
        reply = (await reserving.done) as number[];
      } catch (error) {
        // The reserve may still run once Redis answers: undo it, whichever arrives first.
        if (reserving.sent()) ends.abandon(abandonmentOf(plan, clock.now()), plan.now);
        throw error;
      }
      if (ends.size > 0) ends.retry();
      const [code, index = 0, retryAfterMs = -1] = reply.map(Number);
      const blockedBy = blockReasons[code ?? 0];
      if (!blockedBy) return { ok: true };
      return retryAfterMs >= 0
        ? { ok: false, blockedBy, index, retryAfterMs }
        : { ok: false, blockedBy, index };
    },

    async settle(settlement) {
      await ends.deliver(settlement);
      if (ends.size > 0) ends.retry();
    },

    async renew(renewal) {
      const { now, process, reservations } = renewal;
      // Grouped by key: many reservations share their leases and budgets.
      const keys = [PROCESSES_KEY];
      const indexes = new Map<string, number>();
      const at = (name: string) => {
        let index = indexes.get(name);
        if (index === undefined) {
          index = keys.push(name);
          indexes.set(name, index);
        }
        return index;
      };
      const leases = new Map<number, { key: number; ttl: number; members: number[] }>();
      const budgets = new Map<
        number,
        { hash: number; holds: number; expireAt: number; members: Array<[number, number]> }
      >();
      reservations.forEach((reservation, index) => {
        const member = index + 1;
        for (const lease of reservation.leases) {
          const key = at(lease);
          const group = leases.get(key) ?? { key, ttl: 0, members: [] };
          group.ttl = Math.max(group.ttl, reservation.ttlMs);
          group.members.push(member);
          leases.set(key, group);
        }
        for (const { key: budget, amount, expireAt } of reservation.budgets) {
          const hash = at(budget);
          const group = budgets.get(hash) ?? {
            hash,
            holds: at(holdsKey(budget)),
            expireAt,
            members: [],
          };
          group.expireAt = Math.max(group.expireAt, expireAt);
          group.members.push([member, amount]);
          budgets.set(hash, group);
        }
      });
      const processes = await call(scripts.renew, keys, {
        now,
        process,
        ids: reservations.map(({ id }) => id),
        ttls: reservations.map(({ ttlMs }) => ttlMs),
        ended: reservations.map(({ id }) => at(endKey(id))),
        leases: [...leases.values()],
        budgets: [...budgets.values()],
      });
      return { processes: Number(processes) };
    },

    async pause(pauseKey, until, now) {
      await call(scripts.pause, [pauseKey], { untilMs: Math.ceil(until), now });
    },

    async read(query): Promise<UsageReading> {
      const reply = (await call(
        scripts.read,
        [query.pauseKey, ...query.windows.map((w) => w.key), ...query.budgets, ...query.leases],
        {
          now: query.now,
          windows: query.windows.map(({ slotMs, span }) => ({ slotMs, span })),
          budgets: query.budgets.length,
        },
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
