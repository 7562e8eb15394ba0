import {
  createModelCatalog,
  defaultModels,
  type GenerateRequest,
  LlmuxError,
  type StreamEvent,
} from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { countRequestTokens, openaiTokenizer } from '@llmux/tokenizer-tiktoken';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAI, type OpenAIProviderSettings } from './openai-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('openai', { behavior: { requireApiKey: true } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const ask: GenerateRequest = { messages: [{ role: 'user', content: 'ping' }] };

const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

const settingsError = (settings: OpenAIProviderSettings): unknown => {
  try {
    createOpenAI(settings);
  } catch (error) {
    return error;
  }
  throw new Error('the settings were accepted');
};

describe('createOpenAI', () => {
  it('gives models by id that answer through the SDK', async () => {
    const openai = createOpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL });
    const model = openai('gpt-5-mini');
    expect(model).toMatchObject({ provider: 'openai', modelId: 'gpt-5-mini' });
    expect(openai.languageModel('gpt-4.1').modelId).toBe('gpt-4.1');
    expect(openai.name).toBe('openai');
    const response = await model.generate(ask);
    expect(response.content).toEqual([{ type: 'text', text: 'Echo: ping' }]);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(sim.requests[0]?.headers['user-agent']).toMatch(/OpenAI/);
  });

  it('reads the key from OPENAI_API_KEY, and an explicit key wins', async () => {
    const env = { OPENAI_API_KEY: 'sk-from-env' };
    await createOpenAI({ baseURL: sim.baseURL, env })('gpt-5-mini').generate(ask);
    await createOpenAI({ baseURL: sim.baseURL, env, apiKey: 'sk-explicit' })('gpt-5-mini').generate(
      ask,
    );
    expect(sim.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer sk-from-env',
      'Bearer sk-explicit',
    ]);
  });

  it('throws at construction without a key, saying where to put one', () => {
    for (const env of [{}, { OPENAI_API_KEY: '' }]) {
      const error = settingsError({ env });
      expect(LlmuxError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        kind: 'authentication',
        provider: 'openai',
        message: 'createOpenAI needs an API key: pass "apiKey" or set OPENAI_API_KEY',
      });
    }
    expect(settingsError({ env: {}, name: 'acme' })).toMatchObject({ provider: 'acme' });
    expect(createOpenAI({ client: new OpenAI({ apiKey: 'k' }), env: {} }).name).toBe('openai');
  });

  it('takes a baseURL without a key as a keyless local server: no Authorization header', async () => {
    sim.configure({ requireApiKey: false });
    const keyless = createOpenAI({ baseURL: sim.baseURL, env: {} })('gpt-5-mini');
    expect((await keyless.generate(ask)).content).toEqual([{ type: 'text', text: 'Echo: ping' }]);
    expect(await drain(keyless.stream(ask))).toContainEqual(
      expect.objectContaining({ type: 'finish' }),
    );
    expect(sim.requests.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
    const ownAuth = { Authorization: 'Token local' };
    await createOpenAI({ baseURL: sim.baseURL, env: {}, headers: ownAuth })('gpt-5-mini').generate(
      ask,
    );
    expect(sim.requests[2]?.headers.authorization).toBe('Token local');
    // A server that wants a key after all says so, as an authentication error.
    sim.configure({ requireApiKey: true });
    await expect(keyless.generate(ask)).rejects.toMatchObject({
      kind: 'authentication',
      status: 401,
    });
  });

  it('uses an injected client as it is, still with one attempt per call', async () => {
    const client = new OpenAI({ apiKey: 'sk-client', baseURL: sim.baseURL, maxRetries: 5 });
    sim.fault({ fault: { type: 'status', status: 500 }, times: 3 });
    const model = createOpenAI({ client })('gpt-5-mini');
    await expect(model.generate(ask)).rejects.toMatchObject({ kind: 'server_error', status: 500 });
    expect(sim.counters.requests).toBe(1);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer sk-client');
  });

  it("keeps the key out of errors, an injected client's too", async () => {
    const apiKey = 'sk-proj-secret-0123456789';
    const message = `Incorrect API key provided: ${apiKey}.`;
    sim.fault({ fault: { type: 'status', status: 401, message }, times: 2 });
    const own = createOpenAI({ apiKey, baseURL: sim.baseURL })('gpt-5-mini');
    const injected = createOpenAI({ client: new OpenAI({ apiKey, baseURL: sim.baseURL }) })(
      'gpt-5-mini',
    );
    for (const model of [own, injected]) {
      const error = (await model.generate(ask).catch((e: unknown) => e)) as LlmuxError;
      expect(error).toMatchObject({ kind: 'authentication', status: 401 });
      expect(`${error.message} ${JSON.stringify(error.toJSON())}`).not.toContain(apiKey);
    }
  });

  it('sends extra headers and calls through an injected fetch', async () => {
    const seen: string[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push(String(input));
      return globalThis.fetch(input, init);
    };
    await createOpenAI({
      apiKey: 'sk-test',
      baseURL: sim.baseURL,
      headers: { 'x-team': 'sre' },
      fetch,
    })('gpt-5-mini').generate(ask);
    expect(sim.requests[0]?.headers['x-team']).toBe('sre');
    expect(seen).toEqual([`${sim.baseURL}/chat/completions`]);
  });

  it('names another vendor and prices its unknown model at 0 with a warning', async () => {
    const vendor = createOpenAI({ apiKey: 'k', baseURL: sim.baseURL, name: 'local-vllm' });
    expect(vendor.name).toBe('local-vllm');
    const response = await vendor('llama-3.1-8b').generate(ask);
    expect(response).toMatchObject({ provider: 'local-vllm', costUsd: 0 });
    expect(response.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringContaining('No price is known for local-vllm model "llama-3.1-8b"'),
      },
    ]);
    const events = await drain(vendor('llama-3.1-8b').stream(ask));
    expect(events[0]).toMatchObject({ type: 'start', warnings: [{ type: 'other' }] });
  });

  it('prices a vendor model from a catalog passed in', async () => {
    const catalog = createModelCatalog(
      [
        {
          provider: 'local-vllm',
          model: 'llama-3.1-8b',
          contextWindow: 128_000,
          maxOutputTokens: 8192,
          capabilities: { tools: true, images: false, json: true, jsonSchema: false },
          pricing: { input: 1, output: 2 },
        },
      ],
      defaultModels,
    );
    sim.configure({ reply: { text: 'ok', usage: { inputTokens: 1_000_000, outputTokens: 0 } } });
    const vendor = createOpenAI({ apiKey: 'k', baseURL: sim.baseURL, name: 'local-vllm', catalog });
    const response = await vendor('llama-3.1-8b').generate({
      ...ask,
      responseFormat: { type: 'json', schema: { type: 'object' } },
    });
    expect(response.costUsd).toBeCloseTo(1, 12);
    // The catalog says this model has no json_schema mode.
    expect(sim.requests[0]?.body).toMatchObject({ response_format: { type: 'json_object' } });
    expect(response.warnings).toMatchObject([{ setting: 'responseFormat.schema' }]);
  });

  it('counts tokens locally with the tokenizer given for the model, and not without one', async () => {
    const openai = createOpenAI({ apiKey: 'k', baseURL: sim.baseURL, tokenizer: openaiTokenizer });
    const model = openai('gpt-5-mini');
    const short = await model.countTokens!(ask);
    const long = await model.countTokens!({
      messages: [{ role: 'user', content: 'ping '.repeat(100) }],
    });
    expect(short).toBe(await countRequestTokens(ask));
    expect(long).toBeGreaterThan(short + 90);
    expect(openai('llama-3.1-8b').countTokens).toBeUndefined();
    expect(createOpenAI({ apiKey: 'k' })('gpt-5-mini').countTokens).toBeUndefined();
    expect(sim.counters.requests).toBe(0);
  });

  it('fails with timeout when the server does not answer within timeoutMs', async () => {
    sim.fault({ type: 'hang' });
    const model = createOpenAI({ apiKey: 'k', baseURL: sim.baseURL, timeoutMs: 30 })('gpt-5-mini');
    await expect(model.generate(ask)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });

  it.each<[OpenAIProviderSettings, string]>([
    [{ apiKey: '' }, '"apiKey": expected a non-empty string, got ""'],
    [{ name: 42 as never }, '"name": expected a non-empty string, got 42'],
    [{ organization: '' }, '"organization": expected a non-empty string, got ""'],
    [{ baseURL: 'localhost:8000' }, '"baseURL": expected an http(s) URL, got "localhost:8000"'],
    [{ headers: { a: 1 } as never }, '"headers": expected an object of string values, got object'],
    [{ fetch: 'no' as never }, '"fetch": expected a function, got "no"'],
    [{ timeoutMs: 0 }, '"timeoutMs": expected a positive number of milliseconds, got 0'],
    [{ client: {} as never }, '"client": expected an OpenAI SDK client, got object'],
    [
      { tokenizer: 'o200k' as never },
      '"tokenizer": expected a function of the model id, got "o200k"',
    ],
    [
      { client: new OpenAI({ apiKey: 'k' }), apiKey: 'k', baseURL: 'http://x' },
      '"client": it cannot be combined with apiKey, baseURL; set them on the client',
    ],
    [
      { client: new OpenAI({ apiKey: 'k' }), project: 'p' },
      '"client": it cannot be combined with project; set them on the client',
    ],
  ])('refuses bad settings %#, naming the field', (settings, message) => {
    const error = settingsError(settings);
    expect(LlmuxError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'invalid_request',
      message: `Invalid createOpenAI setting ${message}`,
    });
  });

  it('refuses an empty model id', () => {
    expect(() => createOpenAI({ apiKey: 'k' })('')).toThrow(
      'Invalid createOpenAI setting "modelId": expected a non-empty string, got ""',
    );
  });
});
