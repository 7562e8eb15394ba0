import { randomUUID } from 'node:crypto';
import { createRedisStore, type RedisStoreClient, rateLimit } from '@llmux/ratelimit';
import { createMockModel } from '@llmux/testkit';
import { createClient } from 'redis';
import { closedLoop, type LoadOptions, type LoadResult, summarize } from './closed-loop.js';

/**
 * The rate limiter on its Redis store, around a model that answers at once: each operation is
 * one call's reservation and its settlement, two scripts on Redis. Undefined when Redis is not
 * reachable at `url`.
 */
export async function benchRedisLimiter(
  url: string,
  options: LoadOptions,
): Promise<LoadResult | undefined> {
  const client = createClient({ url, socket: { connectTimeout: 1_000, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch {
    return undefined;
  }
  const prefix = `llmux:bench:${randomUUID()}`;
  try {
    const model = rateLimit(
      createMockModel({ provider: 'anthropic', modelId: 'claude-haiku-4-5' }),
      {
        limits: { model: { requestsPerMinute: 100_000_000, tokensPerMinute: 1_000_000_000 } },
        store: createRedisStore({ client: client as unknown as RedisStoreClient, prefix }),
      },
    );
    const request = {
      messages: [{ role: 'user' as const, content: 'Is the checkout service healthy?' }],
      maxOutputTokens: 64,
    };
    return summarize(await closedLoop(() => model.generate(request), options));
  } finally {
    for await (const keys of client.scanIterator({ MATCH: `{${prefix}}*`, COUNT: 1000 })) {
      if (keys.length > 0) await client.del(keys);
    }
    await client.quit();
  }
}
