// One process of the fleet outage test (fleet.test.ts): a rate-limited OpenAI adapter on the
// test's private Redis, calling the simulator from `users` loops at once, from "go" until "stop".
// It prints one JSON line: every call's outcome, every admission (with how it was limited and
// how many of this process's calls were in flight), and every change of the store's health.
import { createInterface } from 'node:readline';
import { createOpenAI } from '@llmux/provider-openai';
import { createRedisStore, rateLimit } from '@llmux/ratelimit';
import { createClient } from 'redis';

const config = JSON.parse(process.argv[2]);
const client = createClient({
  url: config.redisUrl,
  disableOfflineQueue: true,
  socket: { reconnectStrategy: () => 50 },
});
client.on('error', () => {});
await client.connect();
const openai = createOpenAI({ apiKey: 'sk-fleet-test', baseURL: config.baseURL });
const base = openai(config.model);
await base.generate({ messages: [{ role: 'user', content: 'warm up' }] });

let inFlight = 0;
const admissions = [];
const outcomes = [];
const health = [];
// Counts this process's calls at the provider, as the limiter lets them through.
const counted = {
  provider: base.provider,
  modelId: base.modelId,
  async generate(request) {
    inFlight++;
    admissions.push({ at: Date.now(), limiting: model.storeHealth().limiting, inFlight });
    try {
      return await base.generate(request);
    } finally {
      inFlight--;
    }
  },
  stream: (request) => base.stream(request),
};
const model = rateLimit(counted, {
  limits: config.limits,
  store: createRedisStore({ client, prefix: config.prefix }),
  maxWaitMs: config.maxWaitMs,
  pollMs: 20,
  observer: (event) => {
    if (event.type === 'store') health.push({ ...model.storeHealth(), at: Date.now() });
  },
});

await model.headroom({ provider: 'openai', model: config.model });
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
await lines.next();
let stopping = false;
const users = Array.from({ length: config.users }, async (_, user) => {
  for (let call = 0; !stopping; call++) {
    const at = Date.now();
    try {
      await model.generate({
        messages: [{ role: 'user', content: `Say hello (${process.pid}/${user}/${call})` }],
        maxOutputTokens: 16,
      });
      outcomes.push({ at, ok: true });
    } catch (error) {
      outcomes.push({ at, ok: false, kind: error.kind, message: error.message });
    }
  }
});
await lines.next();
stopping = true;
await Promise.all(users);
process.stdout.write(
  `${JSON.stringify({ outcomes, admissions, health, final: model.storeHealth() })}\n`,
);
process.stdin.destroy();
// Waits for what is still on its way to Redis (the ends of the last calls), then leaves.
await client.close().catch(() => client.destroy());
