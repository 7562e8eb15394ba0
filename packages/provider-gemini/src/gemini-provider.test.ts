import { GoogleGenAI } from '@google/genai';
import { createManualClock, type KeyValueStore, LlmuxError } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createGemini } from './gemini-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('gemini');
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const ask = { messages: [{ role: 'user' as const, content: 'ping' }] };

const collectEvents = async <T>(stream: AsyncIterable<T>): Promise<T[]> => {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

const thrown = (make: () => unknown): LlmuxError => {
  try {
    make();
  } catch (error) {
    expect(LlmuxError.isInstance(error)).toBe(true);
    return error as LlmuxError;
  }
  throw new Error('expected a throw');
};

describe('createGemini', () => {
  it('calls the API at baseURL with the key in x-goog-api-key and the extra headers', async () => {
    const model = createGemini({
      apiKey: 'key-1',
      baseURL: sim.baseURL,
      headers: { 'x-team': 'sre' },
    })('gemini-2.5-flash');
    expect(model).toMatchObject({ provider: 'gemini', modelId: 'gemini-2.5-flash' });
    await model.generate(ask);
    expect(sim.requests[0]?.headers).toMatchObject({ 'x-goog-api-key': 'key-1', 'x-team': 'sre' });
    expect(sim.requests[0]?.model).toBe('gemini-2.5-flash');
  });

  it('reads GEMINI_API_KEY, then GOOGLE_API_KEY', async () => {
    const keyOf = async (env: Record<string, string>) => {
      sim.reset();
      await createGemini({ baseURL: sim.baseURL, env })('gemini-2.5-flash').generate(ask);
      return sim.requests[0]?.headers['x-goog-api-key'];
    };
    expect(await keyOf({ GEMINI_API_KEY: 'gem', GOOGLE_API_KEY: 'goo' })).toBe('gem');
    expect(await keyOf({ GOOGLE_API_KEY: 'goo' })).toBe('goo');
  });

  it('throws at construction without a key, naming where it looked', () => {
    for (const env of [{}, { GEMINI_API_KEY: '', GOOGLE_API_KEY: '' }]) {
      expect(thrown(() => createGemini({ baseURL: sim.baseURL, env }))).toMatchObject({
        kind: 'authentication',
        provider: 'gemini',
        message:
          'createGemini needs an API key: pass "apiKey" or set GEMINI_API_KEY or GOOGLE_API_KEY',
      });
    }
    expect(sim.counters.requests).toBe(0);
  });

  it('uses the given apiVersion and fetch', async () => {
    const urls: string[] = [];
    const model = createGemini({
      apiKey: 'k',
      baseURL: sim.baseURL,
      apiVersion: 'v1beta',
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    })('gemini-2.5-flash');
    await model.generate(ask);
    expect(urls).toEqual([`${sim.baseURL}/v1beta/models/gemini-2.5-flash:generateContent`]);
  });

  it('uses an injected client as it is, with the SDK retries still off', async () => {
    const client = new GoogleGenAI({
      apiKey: 'injected',
      httpOptions: { baseUrl: sim.baseURL, retryOptions: { attempts: 5, initialDelay: 0 } },
    });
    sim.fault({ fault: { type: 'overloaded' }, times: 5 });
    const model = createGemini({ client, env: {} })('gemini-2.5-flash');
    await expect(model.generate(ask)).rejects.toMatchObject({ kind: 'overloaded', status: 503 });
    expect(sim.counters.requests).toBe(1);
    expect(sim.requests[0]?.headers['x-goog-api-key']).toBe('injected');
  });

  it("keeps the key out of errors, an injected client's too", async () => {
    const apiKey = 'AIzaSy-secret-0123456789';
    sim.fault({
      fault: { type: 'status', status: 400, message: `API key not valid: ${apiKey}` },
      times: 2,
    });
    const own = createGemini({ apiKey, baseURL: sim.baseURL })('gemini-2.5-flash');
    const injected = createGemini({
      client: new GoogleGenAI({ apiKey, httpOptions: { baseUrl: sim.baseURL } }),
      env: {},
    })('gemini-2.5-flash');
    for (const model of [own, injected]) {
      const error = (await model.generate(ask).catch((e: unknown) => e)) as LlmuxError;
      expect(error).toMatchObject({ kind: 'authentication', status: 400 });
      expect(error.message).toContain('API key not valid: [redacted]');
      expect(JSON.stringify(error.toJSON())).not.toContain(apiKey);
    }
  });

  it("fails a call with timeout once timeoutMs pass on its clock, an injected client's too", async () => {
    const clock = createManualClock();
    sim.fault({ fault: { type: 'hang' }, times: Infinity });
    const own = createGemini({ apiKey: 'k', baseURL: sim.baseURL, clock, timeoutMs: 5000 });
    const injected = createGemini({
      client: new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: sim.baseURL } }),
      clock,
      timeoutMs: 5000,
      env: {},
    });
    for (const model of [own('gemini-2.5-flash'), injected('gemini-2.5-flash')]) {
      const generated = model.generate(ask).catch((error: unknown) => error);
      const streamed = collectEvents(model.stream(ask));
      await vi.waitFor(() => expect(sim.counters.inFlight).toBe(2));
      await clock.advance(4999);
      expect(sim.counters.inFlight).toBe(2);
      await clock.advance(1);
      expect(await generated).toMatchObject({ kind: 'timeout', retryable: true });
      expect((await streamed).at(-1)).toMatchObject({ type: 'error', error: { kind: 'timeout' } });
      await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
    }
  });

  it('makes one request per call when the API fails, streaming or not', async () => {
    sim.fault({ fault: { type: 'status', status: 500 }, times: 4 });
    const model = createGemini({ apiKey: 'k', baseURL: sim.baseURL })('gemini-2.5-flash');
    await expect(model.generate(ask)).rejects.toMatchObject({ kind: 'server_error' });
    for await (const _ of model.stream(ask)) {
      // drained
    }
    expect(sim.counters.requests).toBe(2);
  });

  it('refuses bad settings, naming the field', () => {
    expect(thrown(() => createGemini({ apiKey: '' })).message).toMatch(/"apiKey"/);
    expect(thrown(() => createGemini({ apiKey: 'k', baseURL: 'not a url' })).message).toMatch(
      /"baseURL"/,
    );
    expect(thrown(() => createGemini({ apiKey: 'k', apiVersion: 'beta' })).message).toMatch(
      /"apiVersion"/,
    );
    expect(
      thrown(() => createGemini({ apiKey: 'k', headers: { 'x-n': 1 as unknown as string } }))
        .message,
    ).toMatch(/"headers"/);
    expect(
      thrown(() =>
        createGemini({
          client: new GoogleGenAI({ apiKey: 'k' }),
          apiKey: 'k',
          baseURL: sim.baseURL,
        }),
      ).message,
    ).toBe(
      'Invalid createGemini setting "client": it cannot be combined with apiKey, baseURL; set them on the client',
    );
    expect(thrown(() => createGemini({ apiKey: 'k', apiVersion: 'beta' })).message).toBe(
      'Invalid createGemini setting "apiVersion": expected a version like v1 or v1beta, got "beta"',
    );
    expect(thrown(() => createGemini({ apiKey: 'k' })('')).message).toBe(
      'Invalid createGemini setting "modelId": expected a non-empty string, got ""',
    );
    const store = { get: async () => undefined } as unknown as KeyValueStore;
    expect(thrown(() => createGemini({ apiKey: 'k', contextCache: { store } })).message).toMatch(
      /^Invalid createGemini setting "contextCache.store": expected a KeyValueStore/,
    );
    expect(
      thrown(() => createGemini({ apiKey: 'k', contextCache: { claimSettleMs: -1 } })).message,
    ).toBe(
      'Invalid createGemini setting "contextCache.claimSettleMs": expected a number of milliseconds >= 0, got -1',
    );
  });
});
