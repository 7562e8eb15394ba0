import { createHash } from 'node:crypto';

export interface RedisEvalOptions {
  keys: string[];
  arguments: string[];
}

/**
 * The part of a node-redis (v5+) client or cluster client the health store uses; pass
 * `createClient(...)` (or `createCluster(...)`) as is, already connected. The client is yours:
 * its connection, reconnection and `error` listener.
 */
export interface RedisScriptClient {
  /** True while connected; no command is queued behind a dead connection. */
  readonly isReady: boolean;
  eval(script: string, options: RedisEvalOptions): Promise<unknown>;
  evalSha(sha1: string, options: RedisEvalOptions): Promise<unknown>;
}

/** A Lua script run by its SHA1, sent in full only when the server does not have it yet. */
export function redisScript(source: string) {
  const sha1 = createHash('sha1').update(source).digest('hex');
  return async (client: RedisScriptClient, options: RedisEvalOptions): Promise<unknown> => {
    try {
      return await client.evalSha(sha1, options);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(source, options);
    }
  };
}
