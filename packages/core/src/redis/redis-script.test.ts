import { describe, expect, it } from 'vitest';
import { type RedisEvalOptions, redisScript } from './redis-script.js';

/** A stand-in server that knows a script only once it was sent in full (real Redis is tested in the stores). */
function scriptServer() {
  const known = new Map<string, string>();
  const calls: string[] = [];
  const run = (source: string, options: RedisEvalOptions) => `${source}:${options.keys.join(',')}`;
  return {
    calls,
    flush: () => known.clear(),
    async evalSha(sha1: string, options: RedisEvalOptions) {
      calls.push('evalSha');
      const source = known.get(sha1);
      if (source === undefined) throw new Error('NOSCRIPT No matching script.');
      return run(source, options);
    },
    async eval(source: string, options: RedisEvalOptions) {
      calls.push('eval');
      const { createHash } = await import('node:crypto');
      known.set(createHash('sha1').update(source).digest('hex'), source);
      return run(source, options);
    },
  };
}

describe('redisScript', () => {
  it('runs by SHA1, sending the source only when the server does not have it', async () => {
    const server = scriptServer();
    const script = redisScript('return 1');
    const options = { keys: ['k'], arguments: [] };
    expect(await script(server, options)).toBe('return 1:k');
    expect(await script(server, options)).toBe('return 1:k');
    expect(server.calls).toEqual(['evalSha', 'eval', 'evalSha']);
    server.flush();
    await script(server, options);
    expect(server.calls.slice(3)).toEqual(['evalSha', 'eval']);
  });

  it('passes any other failure on', async () => {
    const failing = {
      evalSha: async () => {
        throw new Error('ERR wrong number of arguments');
      },
      eval: async () => 'never',
    };
    await expect(redisScript('x')(failing, { keys: [], arguments: [] })).rejects.toThrow(
      'ERR wrong number',
    );
  });
});
