// One process of the fleet test (fleet.test.ts): a rate-limited OpenAI adapter on the shared
// Redis, calling the simulator. It says "ready", fires every call at once on "go", and prints
// each call's outcome as one JSON line.
import { once } from 'node:events';
import { createOpenAI } from '@llmux/provider-openai';
import { createRedisStore, rateLimit } from '@llmux/ratelimit';
import { createClient } from 'redis';

const config = JSON.parse(process.argv[2]);
const client = createClient({ url: 'redis://127.0.0.1:6379' });
await client.connect();
const openai = createOpenAI({ apiKey: 'sk-fleet-test', baseURL: config.baseURL });
// Warm up outside the limits (the SDK, the connection, the scripts), so the timed run measures
// the limiter rather than a cold start; the test resets the simulator's counters after this.
await openai(config.model).generate({ messages: [{ role: 'user', content: 'warm up' }] });
const model = rateLimit(openai(config.model), {
  limits: config.limits,
  store: createRedisStore({ client, prefix: config.prefix }),
  maxWaitMs: config.maxWaitMs,
  pollMs: 20,
});

await model.headroom({ provider: 'openai', model: config.model });
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.destroy();
const outcomes = await Promise.all(
  Array.from({ length: config.calls }, async (_, index) => {
    try {
      const response = await model.generate({
        messages: [{ role: 'user', content: `${config.prompt} (${process.pid}/${index})` }],
        maxOutputTokens: config.maxOutputTokens,
      });
      return { ok: true, costUsd: response.costUsd };
    } catch (error) {
      return { ok: false, kind: error.kind, retryAfterMs: error.retryAfterMs };
    }
  }),
);
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
client.destroy();
