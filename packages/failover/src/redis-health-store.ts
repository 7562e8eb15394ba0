import {
  type CircuitState,
  type Clock,
  type HealthSnapshot,
  type HealthStore,
  invalidOption,
  LlmuxError,
  type RedisConnection,
  type RedisEvalOptions,
  type RedisScript,
  type RedisScriptClient,
  redisScript,
  runRedisCommand,
  type StoreBreaker,
  systemClock,
} from '@llmux/core';
import { readScript, recordScript, transitionScript } from './redis-health-scripts.js';
import { clockOption, numberOption } from './validate-options.js';

export interface RedisHealthStoreOptions {
  /** A connected node-redis (v5+) client or cluster client; it stays yours. */
  client: RedisScriptClient & RedisConnection;
  /** Starts every key, inside the hash tag: `{<prefix><provider>:<model>}:…`. Default `llmux:health:`. */
  prefix?: string;
  /** Samples kept per key at most; older ones drop off first. Default 1000. */
  maxSamples?: number;
  /** Keys left untouched this long expire, so retired models leave nothing behind. Default 1 day. */
  ttlMs?: number;
  /** Longest wait for one command; past it the call fails with `timeout`. Default 250 ms. */
  timeoutMs?: number;
  /**
   * Core's `createStoreBreaker()`, one for every store on the same client: once a command fails,
   * the next fail at once for a while, so a hung Redis stops costing each request its timeout.
   * Default none.
   */
  breaker?: StoreBreaker;
  /** Times windows and the command timeout. Default the system clock. */
  clock?: Clock;
}

const field = (name: string) => `createRedisHealthStore.${name}`;

const states = new Set<string>(['closed', 'open', 'half-open']);

const toSnapshot = (reply: unknown): HealthSnapshot => {
  const values = Array.isArray(reply) ? reply.map(String) : [];
  const [state = '', since, samples, failures, consecutive, successes, latency] = values;
  if (values.length !== 7 || !states.has(state)) {
    throw new LlmuxError({
      kind: 'server_error',
      message: 'Unexpected reply from the Redis health script',
      provider: 'redis',
    });
  }
  const okCount = Number(successes);
  return {
    circuit: { state: state as CircuitState, since: Number(since) },
    samples: Number(samples),
    failures: Number(failures),
    consecutiveFailures: Number(consecutive),
    latencyMs: okCount > 0 ? Number(latency) / okCount : undefined,
  };
};

const record = redisScript(recordScript);
const read = redisScript(readScript);
const transition = redisScript(transitionScript);

/**
 * A `HealthStore` on Redis, so a whole fleet shares circuit state and outcomes. Each operation is
 * one atomic Lua script over two keys of one provider and model, hash-tagged
 * (`{llmux:health:anthropic:claude-sonnet-4-5}:samples` and `…:state`) so they share a cluster
 * slot. Every write renews the keys' expiry. Behaves as `createMemoryHealthStore` does.
 */
export function createRedisHealthStore(options: RedisHealthStoreOptions): HealthStore {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('createRedisHealthStore', 'an options object', options);
  }
  const { client, prefix = 'llmux:health:' } = options;
  if (
    typeof client !== 'object' ||
    client === null ||
    typeof client.eval !== 'function' ||
    typeof client.evalSha !== 'function'
  ) {
    throw invalidOption(field('client'), 'a node-redis client (with eval and evalSha)', client);
  }
  if (typeof prefix !== 'string' || /[{}]/.test(prefix)) {
    throw invalidOption(
      field('prefix'),
      'a string without { or } (they would move the hash tag)',
      prefix,
    );
  }
  const maxSamples = numberOption(
    options.maxSamples,
    field('maxSamples'),
    { integer: true, min: 1 },
    1000,
  );
  const ttlMs = numberOption(options.ttlMs, field('ttlMs'), { integer: true, min: 1 }, 86_400_000);
  const timeoutMs = numberOption(options.timeoutMs, field('timeoutMs'), { above: 0 }, 250);
  const clock = clockOption(options.clock, field('clock'), systemClock);
  const { breaker } = options;
  if (breaker !== undefined && typeof breaker?.run !== 'function') {
    throw invalidOption(field('breaker'), 'a StoreBreaker (from createStoreBreaker)', breaker);
  }

  const keysOf = (key: string) => {
    const tag = `{${prefix}${key}}`;
    return { samples: `${tag}:samples`, state: `${tag}:state` };
  };

  const run = (script: RedisScript, evalOptions: RedisEvalOptions): Promise<unknown> =>
    runRedisCommand(client, () => script(client, evalOptions), { timeoutMs, clock, breaker });

  const from = (windowMs: number) => String(clock.now() - windowMs);

  return {
    async record(key, sample, windowMs) {
      const { samples, state } = keysOf(key);
      const reply = await run(record, {
        keys: [samples, state],
        arguments: [
          from(windowMs),
          String(sample.at),
          sample.ok ? '1' : '0',
          String(sample.latencyMs),
          String(maxSamples),
          String(ttlMs),
        ],
      });
      return toSnapshot(reply);
    },
    async read(key, windowMs) {
      const { samples, state } = keysOf(key);
      return toSnapshot(await run(read, { keys: [samples, state], arguments: [from(windowMs)] }));
    },
    async transition(key, expected, next) {
      const reply = await run(transition, {
        keys: [keysOf(key).state],
        arguments: [expected, next.state, String(next.since), String(ttlMs)],
      });
      return Number(reply) === 1;
    },
  };
}
