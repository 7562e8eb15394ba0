import { type Clock, redisScript, runRedisCommand, withTimeout } from '@llmux/core';
import type { RedisClient } from '../stack/shared-stores.js';
import type { ApiKeyRecord } from './api-key-record.js';
import type { ApiKeyStore } from './api-key-store.js';

export interface RedisApiKeyStoreOptions {
  client: RedisClient;
  /** `redis.prefix`: instances that share it share their keys. */
  prefix: string;
  /** Longest wait for one command. */
  timeoutMs: number;
  /** Longest wait for the notification connection at start (it keeps trying after). */
  connectTimeoutMs: number;
  clock: Clock;
}

/**
 * Writes a record only over the version it was read at, bumps the stamp and tells every
 * instance, in one step. KEYS: records hash, stamp. ARGV: id, expected version, record, channel.
 */
const saveScript = redisScript(`
local stored = redis.call('HGET', KEYS[1], ARGV[1])
local version = 0
if stored then version = cjson.decode(stored).version end
if version ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('INCR', KEYS[2])
redis.call('PUBLISH', ARGV[4], ARGV[1])
return 1
`);

/**
 * Keys in Redis, shared by every instance on the same prefix: a hash of records, a stamp bumped
 * at every write (so a refresh that finds it unchanged reads nothing more), and a channel on which
 * each write is announced.
 */
export function createRedisApiKeyStore(options: RedisApiKeyStoreOptions): ApiKeyStore {
  const { client, prefix, clock } = options;
  const recordsKey = `${prefix}{apikeys}`;
  const stampKey = `${prefix}{apikeys}:stamp`;
  const channel = `${prefix}apikeys:changed`;
  const run = <T>(command: () => Promise<T>) =>
    runRedisCommand(client, command, { timeoutMs: options.timeoutMs, clock });
  let subscriber: RedisClient | undefined;

  return {
    name: 'redis',
    async load(since) {
      const stamp = String((await run(() => client.get(stampKey))) ?? '0');
      if (stamp === since) return { stamp };
      const stored = await run(() => client.hGetAll(recordsKey));
      const records = Object.values(stored).map((text) => JSON.parse(text) as ApiKeyRecord);
      return { stamp, records };
    },
    async save(record) {
      const saved = await run(() =>
        saveScript(client, {
          keys: [recordsKey, stampKey],
          arguments: [record.id, String(record.version - 1), JSON.stringify(record), channel],
        }),
      );
      return saved === 1;
    },
    async watch(changed) {
      const sub = client.duplicate();
      subscriber = sub;
      // The periodic refresh reports an outage; this connection only makes changes arrive sooner.
      sub.on('error', () => {});
      const listening = sub.connect().then(() => sub.subscribe(channel, () => changed()));
      await withTimeout(listening, options.connectTimeoutMs, clock, () => undefined).catch(
        () => {},
      );
    },
    async close() {
      if (!subscriber) return;
      if (!subscriber.isReady) return void subscriber.destroy();
      await subscriber.quit().catch(() => subscriber?.destroy());
    },
  };
}
