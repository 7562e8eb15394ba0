import { randomUUID } from 'node:crypto';
import { GoogleGenAI } from '@google/genai';
import {
  type Clock,
  collectStream,
  createManualClock,
  createMemoryKeyValueStore,
  defaultCatalog,
  type GenerateRequest,
  type GenerateResponse,
  type KeyValueStore,
  priceUsage,
  systemClock,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { createClient } from 'redis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jsonFetch } from './fake-gemini-fetch.js';
import type { ContextCacheReport } from './gemini-context-cache.js';
import { createGemini } from './gemini-provider.js';

const MINUTE = 60_000;
/** About 1600 tokens: above the 1024 an explicit cache needs. */
const runbook = 'Check the dashboards first, then the logs, then page the owner.\n'.repeat(100);

const ask = (
  question: string,
  hint: GenerateRequest['promptCache'] = { prefix: 'system' },
  system = runbook,
): GenerateRequest => ({
  messages: [
    { role: 'system', content: system },
    { role: 'user', content: question },
  ],
  promptCache: hint,
});

const reportOf = (response: Pick<GenerateResponse, 'providerMetadata'>) =>
  response.providerMetadata?.gemini?.contextCache as ContextCacheReport | undefined;

/** The cache calls a provider made, as `METHOD /cachedContents…`. */
const cacheCalls: string[] = [];
const countingFetch =
  (fail = false): typeof fetch =>
  async (input, init) => {
    const { pathname } = new URL(input instanceof Request ? input.url : String(input));
    if (pathname.includes('/cachedContents')) {
      cacheCalls.push(`${init?.method ?? 'GET'} ${pathname.replace(/^\/v\w+/, '')}`);
      if (fail)
        return jsonFetch({ error: { code: 500, message: 'boom', status: 'INTERNAL' } }, 500).fetch(
          input,
          init,
        );
    }
    return fetch(input, init);
  };
beforeEach(() => {
  cacheCalls.length = 0;
});
const posts = () => cacheCalls.filter((call) => call.startsWith('POST')).length;

const liveCaches = async (sim: Simulator) => {
  const ai = new GoogleGenAI({ apiKey: 'key', httpOptions: { baseUrl: sim.baseURL } });
  const names: string[] = [];
  for await (const cache of await ai.caches.list()) names.push(cache.name ?? '');
  return { names, ai };
};

describe('Gemini explicit context caching over the simulator', () => {
  const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator('gemini', { clock });
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  const gemini = (options: { fail?: boolean; store?: KeyValueStore } = {}) =>
    createGemini({
      apiKey: 'key',
      baseURL: sim.baseURL,
      clock,
      fetch: countingFetch(options.fail),
      contextCache: {
        store: options.store ?? createMemoryKeyValueStore({ clock }),
        claimSettleMs: 0,
      },
    });
  const sent = () => sim.requests.at(-1)?.body as Record<string, unknown>;

  it('caches the hinted prefix once, sends only the rest, and reads it on every call', async () => {
    const model = gemini()('gemini-2.5-flash');
    const first = await model.generate(ask('Is the disk full?'));
    const report = reportOf(first);
    expect(report).toMatchObject({
      name: expect.stringMatching(/^cachedContents\/\w+$/),
      action: 'created',
      expiresAt: Date.parse('2026-11-25T10:05:00Z'),
      storage: { hours: 5 / 60 },
    });
    expect(report?.tokens).toBeGreaterThan(1_500);
    expect(report?.storage.tokens).toBe(report?.tokens);
    expect(sent()).toEqual(
      expect.objectContaining({
        cachedContent: report?.name,
        contents: [{ role: 'user', parts: [{ text: 'Is the disk full?' }] }],
      }),
    );
    expect(sent()).not.toHaveProperty('systemInstruction');
    expect(first.usage.cacheReadTokens).toBe(report?.tokens);
    expect(first.warnings).toEqual([]);
    // The call that made the cache bought its storage: it costs that much more than its tokens.
    const { pricing } = defaultCatalog.get('gemini', 'gemini-2.5-flash')!;
    const storageUsd = (report!.tokens * (5 / 60) * pricing.cacheStoragePerHour!) / 1_000_000;
    expect(storageUsd).toBeGreaterThan(0);
    expect(first.costUsd).toBeCloseTo(priceUsage(first.usage, pricing) + storageUsd, 12);

    const second = await model.generate(ask('Is the network down?'));
    expect(reportOf(second)).toMatchObject({
      name: report?.name,
      action: 'reused',
      storage: { hours: 0 },
    });
    expect(second.usage.cacheReadTokens).toBe(report?.tokens);
    expect(second.costUsd).toBeCloseTo(priceUsage(second.usage, pricing), 12);
    const streamed = await collectStream(model.stream(ask('Is the CPU busy?')));
    expect(reportOf(streamed)).toMatchObject({ name: report?.name, action: 'reused' });
    expect(streamed.usage.cacheReadTokens).toBe(report?.tokens);
    expect(cacheCalls).toEqual(['POST /cachedContents']);
    expect((await liveCaches(sim)).names).toEqual([report?.name]);
  });

  it('caches the first turns of a conversation for { messages: n }, with a 1-hour lifetime', async () => {
    const conversation = (question: string): GenerateRequest => ({
      messages: [
        { role: 'system', content: 'You are on call.' },
        { role: 'user', content: runbook },
        { role: 'assistant', content: 'Understood.' },
        { role: 'user', content: question },
      ],
      promptCache: { prefix: { messages: 2 }, ttl: '1h' },
    });
    const model = gemini()('gemini-2.5-flash');
    const first = await model.generate(conversation('Is the disk full?'));
    expect(reportOf(first)).toMatchObject({ action: 'created', storage: { hours: 1 } });
    expect(sent().contents).toEqual([{ role: 'user', parts: [{ text: 'Is the disk full?' }] }]);
    const second = await model.generate(conversation('Is the network down?'));
    expect(reportOf(second)).toMatchObject({ name: reportOf(first)?.name, action: 'reused' });
  });

  it('extends a cache once half its lifetime has passed', async () => {
    const model = gemini()('gemini-2.5-flash');
    const { name } = reportOf(await model.generate(ask('one'))) ?? {};
    await clock.advance(3 * MINUTE);
    const refreshed = reportOf(await model.generate(ask('two')));
    expect(refreshed).toMatchObject({
      name,
      action: 'refreshed',
      expiresAt: Date.parse('2026-11-25T10:08:00Z'),
      storage: { hours: 3 / 60 },
    });
    expect(cacheCalls).toEqual(['POST /cachedContents', `PATCH /${name}`]);
    const { ai } = await liveCaches(sim);
    expect((await ai.caches.get({ name: name ?? '' })).expireTime).toBe('2026-11-25T10:08:00.000Z');
  });

  it('makes the cache again once it expired', async () => {
    const model = gemini()('gemini-2.5-flash');
    const first = reportOf(await model.generate(ask('one')));
    await clock.advance(6 * MINUTE);
    const second = reportOf(await model.generate(ask('two')));
    expect(second).toMatchObject({ action: 'created' });
    expect(second?.name).not.toBe(first?.name);
    expect((await liveCaches(sim)).names).toEqual([second?.name]);
  });

  it('makes a cache deleted behind its back again, and the call still succeeds', async () => {
    const model = gemini()('gemini-2.5-flash');
    const first = reportOf(await model.generate(ask('one')));
    const { ai } = await liveCaches(sim);
    await ai.caches.delete({ name: first?.name ?? '' });
    const response = await model.generate(ask('two'));
    expect(response.content).toEqual([{ type: 'text', text: 'Echo: two' }]);
    const second = reportOf(response);
    expect(second).toMatchObject({ action: 'created' });
    expect(response.usage.cacheReadTokens).toBe(second?.tokens);
    expect(sim.counters.byStatus[403]).toBe(1);

    await ai.caches.delete({ name: second?.name ?? '' });
    const streamed = await collectStream(model.stream(ask('three')));
    expect(reportOf(streamed)).toMatchObject({ action: 'created' });
    expect(sim.counters.byStatus[403]).toBe(2);
    expect(posts()).toBe(3);
  });

  it('sends a prefix below the minimum whole, and says so once per model', async () => {
    const model = gemini()('gemini-2.5-flash');
    const first = await model.generate(ask('one', { prefix: 'system' }, 'Be brief.'));
    expect(first.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'promptCache',
        details: expect.stringMatching(/^The hinted prefix has about \d+ tokens, under 1024: /),
      },
    ]);
    expect(sent()).toHaveProperty('systemInstruction');
    const second = await model.generate(ask('two', { prefix: 'system' }, 'Be brief.'));
    expect(second.warnings).toEqual([]);
    expect(reportOf(second)).toBeUndefined();
    expect(cacheCalls).toEqual([]);
  });

  it('remembers that the API refused a prefix as too small for the model', async () => {
    const provider = gemini();
    const pro = provider('gemini-2.5-pro');
    const first = await pro.generate(ask('one'));
    expect(first.warnings).toMatchObject([
      {
        setting: 'promptCache',
        details: expect.stringContaining('The API found the hinted prefix too small'),
      },
    ]);
    expect(first.usage.cacheReadTokens).toBe(0);
    const second = await pro.generate(ask('two'));
    expect(second.warnings).toEqual([]);
    expect(posts()).toBe(1);
  });

  it('sends the call whole, with a warning, when the cache cannot be made', async () => {
    const response = await gemini({ fail: true })('gemini-2.5-flash').generate(ask('one'));
    expect(response.content).toEqual([{ type: 'text', text: 'Echo: one' }]);
    expect(response.warnings).toMatchObject([
      {
        type: 'other',
        message:
          'The explicit context cache was unavailable (Gemini 500 INTERNAL: boom); the call went without it',
      },
    ]);
    expect(sent()).not.toHaveProperty('cachedContent');
    expect(reportOf(response)).toBeUndefined();
  });

  it('warns when the hint marks nothing cacheable', async () => {
    const response = await gemini()('gemini-2.5-flash').generate({
      messages: [{ role: 'user', content: 'hi' }],
      promptCache: { prefix: 'system' },
    });
    expect(response.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'promptCache',
        details: 'the request has no prefix to cache',
      },
    ]);
  });

  it('reports implicit cache hits as cache reads, priced at the cache rate', async () => {
    const model = gemini()('gemini-2.5-flash');
    const long = runbook.repeat(2);
    const unhinted = (question: string) => ({
      ...ask(question, undefined, long),
      promptCache: undefined,
    });
    const first = await model.generate(unhinted('one'));
    const second = await model.generate(unhinted('two'));
    expect(first.usage.cacheReadTokens).toBe(0);
    expect(second.usage.cacheReadTokens).toBeGreaterThan(3_000);
    expect(second.costUsd).toBeLessThan(first.costUsd);
  });
});

// The shared Redis other packages' tests use too: every key here lives under a unique prefix.
const redis = createClient({ url: 'redis://127.0.0.1:6379' });
redis.on('error', () => {});
const redisPrefix = `llmux-test:gemini-context-cache:${randomUUID()}:`;

/** A `KeyValueStore` on the shared Redis, as `@llmux/cache`'s `createRedisKeyValueStore` keeps one. */
const redisStore: KeyValueStore = {
  async get(key) {
    return (await redis.get(redisPrefix + key)) ?? undefined;
  },
  async set(key, value, ttlMs) {
    const expiry =
      ttlMs === undefined ? undefined : { type: 'PX' as const, value: Math.ceil(ttlMs) };
    await redis.set(redisPrefix + key, value, expiry && { expiration: expiry });
  },
  async delete(key) {
    await redis.del(redisPrefix + key);
  },
};

describe.each([
  ['memory', (clock: Clock) => createMemoryKeyValueStore({ clock })],
  ['Redis', () => redisStore],
] as const)('two Gemini providers sharing a %s store', (_name, makeStore) => {
  let sim: Simulator;
  beforeAll(async () => {
    if (!redis.isOpen) await redis.connect();
    sim = await startSimulator('gemini');
  });
  afterAll(async () => {
    await sim.close();
    for await (const keys of redis.scanIterator({ MATCH: `${redisPrefix}*`, COUNT: 100 })) {
      if (keys.length > 0) await redis.del(keys);
    }
  });

  it('make one cache between them, however their first calls race, and both use it', async () => {
    const store = makeStore(systemClock);
    const fleet = [1, 2].map(() =>
      createGemini({
        apiKey: 'key',
        baseURL: sim.baseURL,
        fetch: countingFetch(),
        contextCache: { store },
      })('gemini-2.5-flash'),
    );
    const firsts = await Promise.all(fleet.map((model, i) => model.generate(ask(`first ${i}`))));
    expect(posts()).toBe(1);
    expect(firsts.map(reportOf).filter(Boolean)).toMatchObject([{ action: 'created' }]);
    const { names } = await liveCaches(sim);
    expect(names).toHaveLength(1);
    const seconds = await Promise.all(fleet.map((model, i) => model.generate(ask(`second ${i}`))));
    expect(seconds.map(reportOf)).toMatchObject([
      { name: names[0], action: 'reused' },
      { name: names[0], action: 'reused' },
    ]);
    expect(posts()).toBe(1);
  });
});

afterAll(() => redis.destroy());
