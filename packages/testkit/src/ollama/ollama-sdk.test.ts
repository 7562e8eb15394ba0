import { Ollama } from 'ollama';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulatedEmbedding } from '../simulator/simulated-embedding.js';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import { createOllamaDialect } from './ollama-dialect.js';

const png =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
let sim: Simulator;
let client: Ollama;

beforeAll(async () => {
  sim = await startSimulator(createOllamaDialect({ now: () => Date.UTC(2026, 0, 2) }));
  client = new Ollama({ host: sim.baseURL });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'llama3.2';
const messages = [{ role: 'user', content: 'Hello simulator' }];

/** Every chunk of a streamed chat, in order. */
const streamed = async (request: Record<string, unknown> = {}) => {
  const chunks = [];
  for await (const chunk of await client.chat({ model, messages, ...request, stream: true })) {
    chunks.push(chunk);
  }
  return chunks;
};

const failure = async (call: () => Promise<unknown>) => {
  try {
    await call();
  } catch (error) {
    return error as Error & { status_code?: number };
  }
  throw new Error('the call succeeded');
};

describe('Ollama simulator through the official ollama client', () => {
  it('answers a chat with the message, done_reason and Ollama counts in nanoseconds', async () => {
    const response = await client.chat({ model, messages, stream: false });
    expect(response).toMatchObject({
      model,
      created_at: '2026-01-02T00:00:00.000Z',
      message: { role: 'assistant', content: 'Echo: Hello simulator' },
      done: true,
      done_reason: 'stop',
      prompt_eval_count: 4,
      eval_count: 6,
      eval_duration: 6 * 20_000_000,
    });
    expect(sim.requests[0]?.stream).toBe(false);
  });

  it('streams NDJSON lines: pieces of the message, then one done line with the counts', async () => {
    sim.configure({ chunkSize: 5 });
    const chunks = await streamed();
    expect(chunks.map((chunk) => chunk.message.content)).toEqual([
      'Echo:',
      ' Hell',
      'o sim',
      'ulato',
      'r',
      '',
    ]);
    expect(chunks.slice(0, -1).every((chunk) => !chunk.done)).toBe(true);
    expect(chunks.at(-1)).toMatchObject({ done: true, done_reason: 'stop', eval_count: 6 });
    const raw = await fetch(`${sim.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model, messages }),
    });
    expect(raw.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = (await raw.text()).split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line).done)).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
  });

  it('takes tools and answers tool calls with object arguments, streamed in one line', async () => {
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather in a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ];
    sim.configure({
      reply: { toolCalls: [{ name: 'get_weather', arguments: { city: 'Paris' } }] },
    });
    const response = await client.chat({ model, messages, tools, stream: false });
    expect(response.message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        function: { index: 0, name: 'get_weather', arguments: { city: 'Paris' } },
      },
    ]);
    expect(response.done_reason).toBe('stop');
    expect(sim.requests[0]?.toolNames).toEqual(['get_weather']);
    const chunks = await streamed({ tools });
    const calls = chunks.flatMap((chunk) => chunk.message.tool_calls ?? []);
    expect(calls.map((call) => call.function.arguments)).toEqual([{ city: 'Paris' }]);
  });

  it('thinks when asked: message.thinking, streamed before the answer', async () => {
    sim.configure({ reply: { text: 'Yes.', reasoning: 'The disk is at 99%.' } });
    const response = await client.chat({ model: 'qwen3', messages, think: true, stream: false });
    expect(response.message).toMatchObject({ thinking: 'The disk is at 99%.', content: 'Yes.' });
    const chunks = await streamed({ model: 'qwen3', think: 'high' });
    expect(chunks.map((chunk) => chunk.message.thinking ?? '').join('')).toBe(
      'The disk is at 99%.',
    );
    expect(chunks.findIndex((c) => c.message.content)).toBeGreaterThan(
      chunks.findLastIndex((c) => c.message.thinking),
    );
    const plain = await client.chat({ model: 'qwen3', messages, stream: false });
    expect(plain.message.thinking).toBeUndefined();
  });

  it('takes base64 images, JSON formats and options, and cuts at num_predict', async () => {
    sim.configure({ reply: { text: 'A'.repeat(400) } });
    const response = await client.chat({
      model,
      messages: [{ role: 'user', content: 'What is this?', images: [png] }],
      format: { type: 'object', properties: { a: { type: 'string' } } },
      options: { temperature: 0, top_k: 20, seed: 7, num_predict: 10, stop: ['END'] },
      keep_alive: '10m',
      stream: false,
    });
    expect(response.message.content).toHaveLength(40);
    expect(response.done_reason).toBe('length');
    expect(sim.requests[0]?.body).toMatchObject({ keep_alive: '10m', options: { seed: 7 } });
  });

  it('gives logprobs when asked, per token', async () => {
    const response = await client.chat({
      model,
      messages,
      logprobs: true,
      top_logprobs: 2,
      stream: false,
    });
    expect(response.logprobs?.map((token) => token.token).join('')).toBe('Echo: Hello simulator');
    expect(response.logprobs?.[0]?.top_logprobs).toHaveLength(2);
  });

  it.each([
    [{ messages }, 'model is required'],
    [
      { model, messages, options: { temperature: 'hot' } },
      'option "temperature" must be of type float32',
    ],
    [{ model, messages, think: 'max' }, 'invalid think value'],
    [{ model, messages, format: 'yaml' }, 'invalid format'],
    [
      { model, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'cannot unmarshal array',
    ],
    [{ model, messages: [{ role: 'user', content: 'x', images: ['%%'] }] }, 'illegal base64'],
    [{ model, messages, keep_alive: 'forever' }, 'invalid duration'],
  ])('refuses %j with a 400 in Ollama words', async (body, message) => {
    const error = await failure(() => client.chat({ ...(body as object), stream: false } as never));
    expect(error).toMatchObject({ name: 'ResponseError', status_code: 400 });
    expect(error.message).toContain(message);
  });

  it('fails with {"error": …} bodies before a stream, and as the last line of one', async () => {
    sim.fault({
      type: 'status',
      status: 404,
      message: 'model "nope" not found, try pulling it first',
    });
    const error = await failure(() => client.chat({ model: 'nope', messages, stream: false }));
    expect(error).toMatchObject({
      status_code: 404,
      message: 'model "nope" not found, try pulling it first',
    });
    sim.fault({
      type: 'stream-error',
      afterFrames: 2,
      message: 'an error was encountered while running the model',
    });
    const streamError = await failure(() => streamed());
    expect(streamError.message).toBe('an error was encountered while running the model');
  });

  it('wants a bearer key only when told to', async () => {
    sim.configure({ requireApiKey: true });
    expect(await failure(() => client.chat({ model, messages, stream: false }))).toMatchObject({
      status_code: 401,
    });
    const keyed = new Ollama({ host: sim.baseURL, headers: { Authorization: 'Bearer ol-key' } });
    expect((await keyed.chat({ model, messages, stream: false })).done).toBe(true);
  });

  it('embeds texts at the model size, or at the dimensions asked for', async () => {
    const response = await client.embed({ model: 'nomic-embed-text', input: ['one', 'two'] });
    expect(response.embeddings).toEqual([
      simulatedEmbedding('one', 768),
      simulatedEmbedding('two', 768),
    ]);
    expect(response.prompt_eval_count).toBeGreaterThan(0);
    const short = await client.embed({
      model: 'mxbai-embed-large:latest',
      input: 'x',
      dimensions: 64,
    });
    expect(short.embeddings[0]).toHaveLength(64);
    const error = await failure(() =>
      client.embed({ model: 'all-minilm', input: 'x', dimensions: 1000 }),
    );
    expect(error).toMatchObject({
      status_code: 400,
      message: 'dimensions must be between 1 and 384, got 1000',
    });
  });

  it('has no count-tokens, batch or rate-limit headers', async () => {
    expect(sim.capabilities).toEqual({
      promptCacheUsage: false,
      contentFilter: false,
      countTokens: false,
      embeddings: true,
      batch: false,
      rateLimitHeaders: false,
    });
    sim.configure({ limits: { requestsPerMinute: 100 } });
    const raw = await fetch(`${sim.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model, messages, stream: false }),
    });
    expect([...raw.headers.keys()].filter((name) => name.includes('ratelimit'))).toEqual([]);
    expect(() => sim.configure({ reply: { finishReason: 'content-filter' } })).toThrow(
      'ollama has no content filter',
    );
  });
});
