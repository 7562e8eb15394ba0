import { createHash } from 'node:crypto';

export interface RedisEvalOptions {
  keys: string[];
  arguments: string[];
}

/**
 * The part of a node-redis (v5+) client or cluster client that runs Lua scripts; pass
 * `createClient(...)` (or `createCluster(...)`) as is, already connected. The client stays the
 * caller's: its connection, reconnection and `error` listener.
 */
export interface RedisScriptClient {
  eval(script: string, options: RedisEvalOptions): Promise<unknown>;
  evalSha(sha1: string, options: RedisEvalOptions): Promise<unknown>;
}

export type RedisScript = (
  client: RedisScriptClient,
  options: RedisEvalOptions,
) => Promise<unknown>;

/**
 * A Lua script run by its SHA1, sent in full only when the server does not have it (a restarted
 * or flushed server answers `NOSCRIPT`), so a call is one round trip.
 */
export function redisScript(source: string): RedisScript {
  const sha1 = createHash('sha1').update(source).digest('hex');
  return async (client, options) => {
    try {
      return await client.evalSha(sha1, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(source, options);
    }
  };
}
