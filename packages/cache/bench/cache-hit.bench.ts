import { randomUUID } from 'node:crypto';
import { createMemoryKeyValueStore, type GenerateRequest } from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { createClient } from 'redis';
import { expect, test } from 'vitest';
import { createCache, createRedisKeyValueStore } from '../src/index.js';

const request: GenerateRequest = {
  messages: [
    { role: 'system', content: 'You are a concise assistant.' },
    { role: 'user', content: 'Summarise the plot of Hamlet in three sentences.' },
  ],
  temperature: 0,
  maxOutputTokens: 200,
  metadata: { tenant: 'bench' },
};
const answer = 'Prince Hamlet seeks revenge for his father. '.repeat(10);

test('cache hits per second, memory and Redis stores', async ({ bench }) => {
  const inner = createMockModel({
    provider: 'openai',
    modelId: 'gpt-5-mini',
    script: { text: answer },
  });
  const memory = createCache(inner, { store: createMemoryKeyValueStore() });
  const client = createClient({ url: 'redis://127.0.0.1:6379' });
  client.on('error', () => {});
  await client.connect();
  const prefix = `llmux-bench:cache:${randomUUID()}:`;
  const redis = createCache(inner, { store: createRedisKeyValueStore({ client, prefix }) });
  try {
    await memory.generate(request);
    await redis.generate(request);
    await bench.compare(
      bench('memory store: generate hit', async () => {
        await memory.generate(request);
      }),
      bench('memory store: streamed hit', async () => {
        for await (const _ of memory.stream(request));
      }),
      bench('redis store: generate hit', async () => {
        await redis.generate(request);
      }),
      { time: 1000 },
    );
    expect(inner.calls).toHaveLength(2); // everything measured above was a hit
  } finally {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*` })) {
      if (keys.length > 0) await client.del(keys);
    }
    client.destroy();
  }
});
