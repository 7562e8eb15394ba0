import {
  collectStream,
  type GenerateResponse,
  type KeyValueStore,
  type LanguageModel,
  LlmuxError,
  textOf,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { ask, setup } from './cache-test-setup.js';
import { cacheKey, createCache } from './index.js';

describe('createCache: hits and misses', () => {
  it('answers a repeated deterministic request from the cache, without calling the model', async () => {
    const { cached, inner, outcomes } = setup();
    const first = await cached.generate(ask('hello'));
    const second = await cached.generate(ask('hello'));
    expect(inner.calls).toHaveLength(1);
    expect(textOf(second)).toBe(textOf(first));
    expect(textOf(second)).toBe('Echo: hello');
    expect(outcomes()).toEqual(['miss', 'store', 'hit']);
  });

  it('hits for the same request written in another key order', async () => {
    const { cached, inner } = setup();
    await cached.generate({
      messages: [{ role: 'user', content: 'hi' }],
      temperature: 0,
      maxOutputTokens: 50,
      metadata: { tenant: 'acme' },
    });
    await cached.generate({
      metadata: { tenant: 'acme' },
      maxOutputTokens: 50,
      temperature: 0,
      messages: [{ content: 'hi', role: 'user' }],
    });
    expect(inner.calls).toHaveLength(1);
  });

  it('misses for another tenant, so one tenant never gets another tenant’s answer', async () => {
    const { cached, inner } = setup();
    await cached.generate(ask('hi', { metadata: { tenant: 'acme' } }));
    await cached.generate(ask('hi', { metadata: { tenant: 'globex' } }));
    await cached.generate(ask('hi'));
    expect(inner.calls).toHaveLength(3);
    await cached.generate(ask('hi', { metadata: { tenant: 'globex', requestId: 'other-id' } }));
    expect(inner.calls).toHaveLength(3);
  });

  it('misses for another parameter or message', async () => {
    const { cached, inner } = setup();
    await cached.generate(ask('hi'));
    await cached.generate(ask('hi', { maxOutputTokens: 10 }));
    await cached.generate(ask('hi', { seed: 1 }));
    await cached.generate(ask('hi!'));
    expect(inner.calls).toHaveLength(4);
  });

  it('misses for another inner model sharing the same store', async () => {
    const { cached, inner, memoryStore, clock } = setup();
    await cached.generate(ask('hi'));
    const other = setup({ model: { modelId: 'gpt-5' }, store: memoryStore });
    await other.cached.generate(ask('hi'));
    expect(other.inner.calls).toHaveLength(1);
    expect(inner.calls).toHaveLength(1);
    expect(clock.now()).toBe(other.clock.now());
  });

  it('records the cost a hit saved: cacheHit, savedCostUsd, zero cost, its own latency', async () => {
    const { cached, clock } = setup({
      model: { script: { text: 'The answer is 4.', delayMs: 1200 } },
      wrapStore: (store, clock) => ({ ...store, get: slowBy(clock, 7, store) }),
    });
    const pending = cached.generate(ask('2+2?'));
    await clock.advance(7 + 1200);
    const original = await pending;
    expect(original.costUsd).toBeGreaterThan(0);
    expect(original.latencyMs).toBe(1200);
    expect(original.trace.cacheHit).toBeUndefined();

    const hitPending = cached.generate(ask('2+2?'));
    await clock.advance(7);
    const hit = await hitPending;
    expect(hit).toMatchObject({
      id: original.id,
      provider: 'openai',
      model: 'gpt-5-mini',
      content: original.content,
      finishReason: original.finishReason,
      usage: original.usage,
      costUsd: 0,
      latencyMs: 7,
      trace: {
        attempts: [],
        cacheHit: true,
        savedCostUsd: original.costUsd,
        routeReason: 'cache hit: the answer openai/gpt-5-mini gave to the same request',
      },
    });
    expect(hit.rateLimits).toBeUndefined();
  });

  it('emits cache events with the request id and the saved cost', async () => {
    const { cached, events } = setup();
    const first = await cached.generate(ask('hi', { metadata: { requestId: 'r1' } }));
    await cached.generate(ask('hi', { metadata: { requestId: 'r2' } }));
    expect(events).toEqual([
      { type: 'cache', requestId: 'r1', outcome: 'miss' },
      { type: 'cache', requestId: 'r1', outcome: 'store' },
      { type: 'cache', requestId: 'r2', outcome: 'hit', savedCostUsd: first.costUsd },
    ]);
  });

  it('gives every hit its own copy: changing one answer does not change the next', async () => {
    const { cached } = setup();
    await cached.generate(ask('hi'));
    const hit = await cached.generate(ask('hi'));
    hit.content.push({ type: 'text', text: 'tampered' });
    expect(textOf(await cached.generate(ask('hi')))).toBe('Echo: hi');
  });

  it('stays out of non-deterministic requests unless they opt in', async () => {
    const { cached, inner, events } = setup();
    await cached.generate(ask('hi', { temperature: 0.7 }));
    await cached.generate(ask('hi', { temperature: 0.7 }));
    await cached.generate(ask('hi', { temperature: undefined }));
    expect(inner.calls).toHaveLength(3);
    expect(events).toEqual([]);

    await cached.generate(ask('hi', { temperature: 0.7, cache: { force: true } }));
    await cached.generate(ask('hi', { temperature: 0.7, cache: { force: true } }));
    expect(inner.calls).toHaveLength(4);
  });

  it('caches non-deterministic requests with cacheNonDeterministic', async () => {
    const { cached, inner } = setup({ cacheNonDeterministic: true });
    await cached.generate(ask('hi', { temperature: 1 }));
    await cached.generate(ask('hi', { temperature: 1 }));
    expect(inner.calls).toHaveLength(1);
  });

  it('passes countTokens through when the inner model has it', async () => {
    const inner: LanguageModel = {
      ...setup().inner,
      countTokens: async (request) => request.messages.length * 10,
    };
    const cached = createCache(inner);
    expect(cached.provider).toBe('cache');
    expect(cached.modelId).toBe('gpt-5-mini');
    await expect(cached.countTokens?.(ask('hi'))).resolves.toBe(10);
    expect(createCache(setup().inner).countTokens).toBeUndefined();
  });

  it('serves a request it cannot hash exactly without the cache', async () => {
    const { cached, inner, events } = setup();
    const odd = ask('hi', { providerOptions: { openai: { n: 10n } } });
    await cached.generate(odd);
    await cached.generate(odd);
    expect(inner.calls).toHaveLength(2);
    expect(events).toEqual([]);
  });
});

describe('createCache: per-request controls', () => {
  it('skipLookup calls the model even when an answer is stored, and stores the new one', async () => {
    const { cached, inner, outcomes } = setup({
      model: { script: (_, call) => ({ text: `answer ${call}` }) },
    });
    await cached.generate(ask('hi'));
    const fresh = await cached.generate(ask('hi', { cache: { skipLookup: true } }));
    expect(textOf(fresh)).toBe('answer 2');
    expect(textOf(await cached.generate(ask('hi')))).toBe('answer 2');
    expect(inner.calls).toHaveLength(2);
    expect(outcomes()).toEqual(['miss', 'store', 'store', 'hit']);
  });

  it('noStore reads the cache but never writes it', async () => {
    const { cached, inner, memoryStore } = setup();
    await cached.generate(ask('hi', { cache: { noStore: true } }));
    expect(memoryStore.size).toBe(0);
    await cached.generate(ask('hi'));
    const hit = await cached.generate(ask('hi', { cache: { noStore: true } }));
    expect(hit.trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(2);
  });

  it('ttlMs overrides the default lifetime for one request', async () => {
    const { cached, inner, clock } = setup({ ttlMs: 10_000 });
    await cached.generate(ask('short', { cache: { ttlMs: 100 } }));
    await cached.generate(ask('long'));
    await clock.advance(100);
    await cached.generate(ask('short'));
    await cached.generate(ask('long'));
    expect(inner.calls.map((call) => call.messages[0]?.content)).toEqual([
      'short',
      'long',
      'short',
    ]);
  });

  it('rejects a malformed control with invalid_request, before calling the model', async () => {
    const { cached, inner } = setup();
    await expect(cached.generate(ask('hi', { cache: { ttlMs: -1 } }))).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('request.cache.ttlMs'),
    });
    expect(inner.calls).toHaveLength(0);
  });
});

describe('createCache: expiry and bounds', () => {
  it('expires answers after ttlMs on the injected clock', async () => {
    const { cached, inner, clock } = setup({ ttlMs: 60_000 });
    await cached.generate(ask('hi'));
    await clock.advance(59_999);
    await cached.generate(ask('hi'));
    expect(inner.calls).toHaveLength(1);
    await clock.advance(1);
    await cached.generate(ask('hi'));
    expect(inner.calls).toHaveLength(2);
  });

  it('keeps answers for ever with ttlMs Infinity', async () => {
    const { cached, inner, clock } = setup({ ttlMs: Infinity });
    await cached.generate(ask('hi'));
    await clock.advance(365 * 24 * 3600 * 1000);
    await cached.generate(ask('hi'));
    expect(inner.calls).toHaveLength(1);
  });

  it('evicts the least recently used answer beyond maxEntries', async () => {
    const { cached, inner, memoryStore } = setup({ memory: { maxEntries: 2 } });
    await cached.generate(ask('a'));
    await cached.generate(ask('b'));
    await cached.generate(ask('a')); // a is now the most recently used
    await cached.generate(ask('c')); // evicts b
    expect(memoryStore.size).toBe(2);
    await cached.generate(ask('a'));
    await cached.generate(ask('c'));
    expect(inner.calls).toHaveLength(3);
    await cached.generate(ask('b'));
    expect(inner.calls).toHaveLength(4);
  });

  it('evicts answers beyond maxBytes, and never stores one larger than the whole budget', async () => {
    const { cached, memoryStore, inner } = setup({
      memory: { maxBytes: 2500 },
      model: { script: (request) => ({ text: String(request.messages[0]?.content) }) },
    });
    await cached.generate(ask('x'.repeat(500)));
    expect(memoryStore.bytes).toBeGreaterThan(1250); // so two of these cannot fit
    await cached.generate(ask('y'.repeat(500)));
    expect(memoryStore.size).toBe(1);
    expect(memoryStore.bytes).toBeLessThanOrEqual(2500);
    await cached.generate(ask('y'.repeat(500)));
    expect(inner.calls).toHaveLength(2);
    await cached.generate(ask('z'.repeat(5000)));
    expect(memoryStore.size).toBe(1);
    await cached.generate(ask('x'.repeat(500)));
    expect(inner.calls).toHaveLength(4);
  });
});

describe('createCache: what is stored', () => {
  it('never stores errors: the next identical request calls the model again', async () => {
    const { cached, inner, memoryStore, outcomes } = setup();
    inner.enqueue({ error: 'overloaded' });
    await expect(cached.generate(ask('hi'))).rejects.toMatchObject({ kind: 'overloaded' });
    expect(memoryStore.size).toBe(0);
    await cached.generate(ask('hi'));
    expect(inner.calls).toHaveLength(2);
    expect(outcomes()).toEqual(['miss', 'miss', 'store']);
  });

  it('never stores a response that finished in error', async () => {
    const failing: LanguageModel = {
      provider: 'x',
      modelId: 'y',
      generate: async () => ({ ...sampleResponse, finishReason: { unified: 'error' } }),
      stream: () => {
        throw new Error('unused');
      },
    };
    const store = recordingStore();
    await createCache(failing, { store }).generate(ask('hi'));
    expect(store.values).toEqual([]);
  });

  it('reads a corrupt stored value as a miss, deletes it and stores a good one', async () => {
    const { cached, inner, memoryStore, outcomes } = setup();
    const key = cacheKey(inner, ask('hi'));
    await memoryStore.set(key, '{"v":1,"response":{"id":');
    const response = await cached.generate(ask('hi'));
    expect(textOf(response)).toBe('Echo: hi');
    expect(inner.calls).toHaveLength(1);
    expect(JSON.parse((await memoryStore.get(key))!)).toMatchObject({ v: 1 });
    expect(outcomes()).toEqual(['miss', 'store']);
  });

  it('deletes a corrupt stored value even when the request does not store', async () => {
    const { cached, inner, memoryStore } = setup();
    const key = cacheKey(inner, ask('hi'));
    await memoryStore.set(key, '{"v":0}');
    await cached.generate(ask('hi', { cache: { noStore: true } }));
    expect(await memoryStore.get(key)).toBeUndefined();
  });

  it('keeps credentials out of keys and values, even when the provider echoes them', async () => {
    const secret = 'sk-live-SECRET-0123456789';
    const echoing: LanguageModel = {
      provider: 'openai',
      modelId: 'gpt-5-mini',
      generate: async (request) => ({
        ...sampleResponse,
        providerMetadata: { openai: { sentHeaders: request.providerOptions?.openai?.headers } },
      }),
      stream: () => {
        throw new Error('unused');
      },
    };
    const plain: LanguageModel = { ...echoing, generate: async () => sampleResponse };
    const withSecret = ask('hi', {
      providerOptions: {
        openai: { apiKey: secret, headers: { Authorization: `Bearer ${secret}` } },
      },
      metadata: { tenant: secret },
    });
    for (const model of [echoing, plain]) {
      const store = recordingStore();
      await createCache(model, { store }).generate(withSecret);
      for (const [key, value] of [...store.keys.map((k) => [k, '']), ...store.values]) {
        expect(key).not.toContain(secret);
        expect(value).not.toContain(secret);
        expect(value).not.toContain('0123456789');
      }
      expect(store.values).toHaveLength(model === plain ? 1 : 0);
    }
  });
});

describe('createCache: an unavailable store', () => {
  it('serves requests without the cache and reports it, when the store throws', async () => {
    const broken: KeyValueStore = {
      get: async () => {
        throw new LlmuxError({ kind: 'network', message: 'down' });
      },
      set: async () => {
        throw new LlmuxError({ kind: 'network', message: 'down' });
      },
      delete: async () => {},
    };
    const { cached, inner, outcomes } = setup({ store: broken });
    expect(textOf(await cached.generate(ask('hi')))).toBe('Echo: hi');
    await cached.generate(ask('hi'));
    expect(inner.calls).toHaveLength(2);
    expect(outcomes()).toEqual([
      'unavailable',
      'miss',
      'unavailable',
      'unavailable',
      'miss',
      'unavailable',
    ]);
  });
});

describe('createCache: options', () => {
  const inner = setup().inner;
  it.each([
    [{ ttlMs: 0 }, 'cache: options.ttlMs must be a positive number of milliseconds'],
    [{ ttlMs: '1h' }, 'options.ttlMs'],
    [{ store: {} }, 'cache: options.store must be a KeyValueStore'],
    [{ cacheNonDeterministic: 'yes' }, 'options.cacheNonDeterministic must be a boolean'],
    [{ observer: 'log' }, 'options.observer must be a function'],
    [{ clock: { now: () => 0 } }, 'options.clock must be a Clock'],
  ])('rejects %j naming the field', (options, message) => {
    expect(() => createCache(inner, options as never)).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(message),
      }),
    );
  });

  it('rejects something that is not a model', () => {
    expect(() => createCache({} as LanguageModel)).toThrow('cache: model must be a LanguageModel');
  });

  it('defaults to an in-memory store', async () => {
    const { inner } = setup();
    const cached = createCache(inner);
    await cached.generate(ask('hi'));
    expect((await cached.generate(ask('hi'))).trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(1);
    expect(textOf(await collectStream(cached.stream(ask('hi'))))).toBe('Echo: hi');
  });
});

const sampleResponse: GenerateResponse = {
  id: 'r',
  provider: 'openai',
  model: 'gpt-5-mini',
  content: [{ type: 'text', text: 'ok' }],
  finishReason: { unified: 'stop' },
  usage: {
    inputTokens: 1,
    outputTokens: 1,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
  costUsd: 0.001,
  latencyMs: 5,
  warnings: [],
  trace: { attempts: [] },
};

function recordingStore() {
  const keys: string[] = [];
  const values: Array<[string, string]> = [];
  const store: KeyValueStore = {
    get: async (key) => {
      keys.push(key);
      return undefined;
    },
    set: async (key, value) => {
      values.push([key, value]);
    },
    delete: async () => {},
  };
  return Object.assign(store, { keys, values });
}

function slowBy(
  clock: { sleep(ms: number): Promise<void> },
  ms: number,
  store: KeyValueStore,
): KeyValueStore['get'] {
  return async (key) => {
    await clock.sleep(ms);
    return store.get(key);
  };
}
