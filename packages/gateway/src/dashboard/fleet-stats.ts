import { type Clock, startTimer, withTimeout } from '@llmux/core';
import type { RedisClient } from '../stack/shared-stores.js';
import type { DashboardStats, StatsSummary } from './dashboard-stats.js';

export interface FleetStatsOptions {
  stats: DashboardStats;
  clock: Clock;
  /** This process's name among the fleet's. */
  instance: string;
  /** Without, the dashboard shows this process only. */
  redis?: { client: RedisClient; prefix: string; timeoutMs: number };
  /** How often the summary is published. Default 1000 ms. */
  publishMs?: number;
  /** How long a published summary lives: an instance that stops drops out after it. Default 5000 ms. */
  ttlMs?: number;
}

export interface FleetView {
  summaries: StatsSummary[];
  /** `fleet`: every live instance's summary from Redis; `process`: this one's alone. */
  scope: 'fleet' | 'process';
  instances: string[];
  /** Why the view is this process only. */
  note?: string;
}

export interface FleetStats {
  collect(): Promise<FleetView>;
  /** Publishes this process's summary now (it also does every `publishMs`). */
  publish(): Promise<void>;
  stop(): void;
}

/**
 * Shares the dashboard's stats across a fleet: each instance publishes its summary to Redis every
 * second, under a key that expires after `ttlMs`, and names itself in a sorted set scored by the
 * time it published; `collect` reads the live instances' summaries. Redis failing costs the page
 * its fleet view only: it then shows this process, and says so.
 */
export function createFleetStats(options: FleetStatsOptions): FleetStats {
  const { stats, clock, instance, redis, publishMs = 1000, ttlMs = 5000 } = options;
  const own = (note?: string): FleetView => ({
    summaries: [stats.summary()],
    scope: 'process',
    instances: [instance],
    ...(note !== undefined && { note }),
  });
  if (!redis) {
    return {
      collect: async () => own('No Redis is configured: this process only'),
      publish: async () => {},
      stop: () => {},
    };
  }
  const { client, prefix, timeoutMs } = redis;
  const index = `${prefix}dashboard:instances`;
  const keyOf = (name: string) => `${prefix}dashboard:instance:${name}`;
  const timedOut = () => new Error(`Redis did not answer within ${timeoutMs} ms`);
  const command = <T>(work: Promise<T>) => withTimeout(work, timeoutMs, clock, timedOut);

  const publish = async () => {
    const now = clock.now();
    await command(
      client
        .multi()
        .set(keyOf(instance), JSON.stringify(stats.summary()), { PX: ttlMs })
        .zAdd(index, { score: now, value: instance })
        .zRemRangeByScore(index, '-inf', now - ttlMs)
        .pExpire(index, ttlMs)
        .exec(),
    );
  };

  let stopped = false;
  let cancel = () => {};
  const tick = () => {
    if (stopped) return;
    // A publish that fails is retried by the next tick; the page says Redis is out meanwhile.
    publish().catch(() => {});
    cancel = startTimer(clock, publishMs, tick);
  };
  tick();

  return {
    publish,
    async collect() {
      try {
        const names = await command(client.zRangeByScore(index, clock.now() - ttlMs, '+inf'));
        const others = names.filter((name) => name !== instance);
        const values = others.length > 0 ? await command(client.mGet(others.map(keyOf))) : [];
        const summaries = values.flatMap((value) =>
          value === null ? [] : [JSON.parse(value) as StatsSummary],
        );
        return {
          summaries: [stats.summary(), ...summaries],
          scope: 'fleet',
          instances: [instance, ...others.filter((_, i) => values[i] !== null)],
        };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return own(`Redis cannot be read (${reason}): this process only`);
      }
    },
    stop() {
      stopped = true;
      cancel();
    },
  };
}
