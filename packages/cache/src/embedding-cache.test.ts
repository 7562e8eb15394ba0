import {
  createManualClock,
  createMemoryKeyValueStore,
  type EmbeddingModel,
  type KeyValueStore,
  type LlmuxEvent,
} from '@llmux/core';
import { createGemini } from '@llmux/provider-gemini';
import { createOpenAI } from '@llmux/provider-openai';
import { type Simulator, simulatedEmbedding, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingCache } from './embedding-cache.js';
import { embeddingCacheKey } from './embedding-cache-key.js';

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
let openaiSim: Simulator;
let geminiSim: Simulator;
beforeAll(async () => {
  [openaiSim, geminiSim] = await Promise.all([
    startSimulator('openai', { clock }),
    startSimulator('gemini', { clock }),
  ]);
});
afterEach(() => {
  openaiSim.reset();
  geminiSim.reset();
});
afterAll(() => Promise.all([openaiSim.close(), geminiSim.close()]));

const openai = (dimensions = 8): EmbeddingModel =>
  createOpenAI({ apiKey: 'sk', baseURL: openaiSim.baseURL, clock }).embedding(
    'text-embedding-3-small',
    { dimensions },
  );
const gemini = (): EmbeddingModel =>
  createGemini({ apiKey: 'gm', baseURL: geminiSim.baseURL, clock }).embedding(
    'gemini-embedding-001',
    { dimensions: 8 },
  );

/** The texts each call to the OpenAI simulator carried. */
const sentTexts = () => openaiSim.requests.map((r) => (r.body as { input: string[] }).input);

const setup = (store: KeyValueStore = createMemoryKeyValueStore({ clock })) => {
  const events: LlmuxEvent[] = [];
  const cached = createEmbeddingCache(openai(), {
    store,
    clock,
    group: 'search',
    observer: (event) => events.push(event),
  });
  return {
    cached,
    store,
    events,
    outcomes: () => events.map((e) => e.type === 'cache' && e.outcome),
  };
};

describe('createEmbeddingCache', () => {
  it('calls only for the texts it has not seen, once each, and joins the vectors in order', async () => {
    const { cached, outcomes } = setup();
    const first = await cached.embed({ inputs: ['alpha text', 'beta'] });
    expect(first.trace.cachedInputs).toBeUndefined();
    const second = await cached.embed({ inputs: ['beta', 'gamma', 'alpha text', 'gamma'] });
    expect(sentTexts()).toEqual([['alpha text', 'beta'], ['gamma']]);
    expect(second.embeddings).toEqual(
      ['beta', 'gamma', 'alpha text', 'gamma'].map((text) => simulatedEmbedding(text, 8)),
    );
    // Billed: gamma alone (2 tokens); saved: what alpha text and beta cost the first time.
    expect(second.usage).toEqual({ inputTokens: 2 });
    expect(second.costUsd).toBeCloseTo(2 * 0.02e-6, 15);
    expect(second.trace.savedCostUsd).toBeCloseTo(first.costUsd, 15);
    expect(second.trace).toMatchObject({ cachedInputs: 2 });
    expect(second.trace.cacheHit).toBeUndefined();
    expect(outcomes()).toEqual(['miss', 'store', 'miss', 'store']);
  });

  it('answers a request it has every text of without a call, at no cost', async () => {
    const { cached, outcomes } = setup();
    const first = await cached.embed({ inputs: ['one', 'two'] });
    await clock.advance(5);
    const hit = await cached.embed({ inputs: ['two', 'one'] });
    expect(openaiSim.counters.requests).toBe(1);
    expect(hit).toMatchObject({
      provider: 'openai',
      model: 'text-embedding-3-small',
      usage: { inputTokens: 0 },
      costUsd: 0,
      trace: {
        attempts: [],
        cacheHit: true,
        cachedInputs: 2,
        routeReason: 'cache hit: the vectors openai/text-embedding-3-small made for the same texts',
      },
    });
    expect(hit.trace.savedCostUsd).toBeCloseTo(first.costUsd, 15);
    expect(hit.embeddings).toEqual([first.embeddings[1], first.embeddings[0]]);
    expect(outcomes().at(-1)).toBe('hit');
  });

  it('keys by group, not provider: another model of the group reuses the vectors', async () => {
    const { cached, store } = setup();
    await cached.embed({ inputs: ['shared'] });
    const viaGemini = createEmbeddingCache(gemini(), { store, clock, group: 'search' });
    const hit = await viaGemini.embed({ inputs: ['shared'] });
    expect(hit.trace.cacheHit).toBe(true);
    expect(geminiSim.counters.requests).toBe(0);
  });

  it('keeps sizes, input types and tenants apart', async () => {
    const { cached } = setup();
    await cached.embed({ inputs: ['x'] });
    await cached.embed({ inputs: ['x'], dimensions: 4 });
    await cached.embed({ inputs: ['x'], inputType: 'query' });
    await cached.embed({ inputs: ['x'], metadata: { tenant: 'acme' } });
    expect(openaiSim.counters.requests).toBe(4);
    const scope = { group: 'search', dimensions: 8, tenant: 'sk-secret-tenant-key' };
    const key = embeddingCacheKey(scope, 'some private text');
    expect(key).not.toContain('sk-secret');
    expect(key).not.toContain('private');
  });

  it('honours skipLookup and noStore', async () => {
    const { cached, store } = setup();
    await cached.embed({ inputs: ['y'], cache: { noStore: true } });
    await cached.embed({ inputs: ['y'] });
    await cached.embed({ inputs: ['y'], cache: { skipLookup: true } });
    expect(openaiSim.counters.requests).toBe(3);
    const scope = { group: 'search', dimensions: 8 };
    expect(await store.get(embeddingCacheKey(scope, 'y'))).toBeDefined();
  });

  it('reads a corrupt entry, or one of another size, as a miss', async () => {
    const { cached, store } = setup();
    const key = embeddingCacheKey({ group: 'search', dimensions: 8 }, 'z');
    await store.set(
      key,
      JSON.stringify({ v: 1, provider: 'openai', model: 'm', vector: [1], costUsd: 0 }),
    );
    const response = await cached.embed({ inputs: ['z'] });
    expect(response.embeddings[0]).toEqual(simulatedEmbedding('z', 8));
    expect(openaiSim.counters.requests).toBe(1);
  });

  it('serves the request without a store that fails, and says so', async () => {
    const broken: KeyValueStore = {
      get: async () => {
        throw new Error('down');
      },
      set: async () => {
        throw new Error('down');
      },
      delete: async () => {},
    };
    const { cached, outcomes } = setup(broken);
    const response = await cached.embed({ inputs: ['q'] });
    expect(response.embeddings).toEqual([simulatedEmbedding('q', 8)]);
    expect(outcomes()).toEqual(['unavailable', 'miss', 'unavailable']);
  });

  it('refuses a bad request before any lookup, naming the field', async () => {
    const { cached } = setup();
    await expect(cached.embed({ inputs: [] })).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('request.inputs'),
    });
    await expect(cached.embed({ inputs: ['a'], cache: { ttlMs: -1 } })).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('request.cache.ttlMs'),
    });
  });
});
