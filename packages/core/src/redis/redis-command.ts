import type { Clock } from '../clock.js';
import { LlmuxError } from '../errors.js';
import { withTimeout } from '../with-timeout.js';
import type { StoreBreaker } from './store-breaker.js';

/** A node-redis client's connection state. */
export interface RedisConnection {
  /** True while connected; commands are not queued behind a dead connection. */
  readonly isReady: boolean;
}

export interface RedisCommandOptions {
  /** Longest wait for the answer; past it the command fails with `timeout`. */
  timeoutMs: number;
  clock: Clock;
  /** Shared by every store on the same client: while it is open, commands fail at once. */
  breaker?: StoreBreaker;
}

const redisError = (kind: 'network' | 'timeout', message: string, cause?: unknown) =>
  new LlmuxError({ kind, message, provider: 'redis', cause });

/**
 * Runs one Redis command for a store that must never hold a request up: it fails at once with
 * `network` while the client is disconnected, with `timeout` when Redis does not answer within
 * `timeoutMs`, and with `network` for any other failure, so the caller can go on without Redis.
 * With a `breaker`, a failure makes the next commands fail at once for a while.
 */
export function runRedisCommand<T>(
  client: RedisConnection,
  command: () => Promise<T>,
  options: RedisCommandOptions,
): Promise<T> {
  const attempt = () => runOnce(client, command, options);
  return options.breaker ? options.breaker.run(attempt) : attempt();
}

async function runOnce<T>(
  client: RedisConnection,
  command: () => Promise<T>,
  options: RedisCommandOptions,
): Promise<T> {
  const { timeoutMs, clock } = options;
  if (!client.isReady) throw redisError('network', 'Redis is not connected');
  try {
    return await withTimeout(command(), timeoutMs, clock, () =>
      redisError('timeout', `Redis did not answer within ${timeoutMs} ms`),
    );
  } catch (error) {
    if (LlmuxError.isInstance(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw redisError('network', `Redis command failed: ${message}`, error);
  }
}
