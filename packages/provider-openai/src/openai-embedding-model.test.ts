import { createManualClock } from '@llmux/core';
import { type Simulator, simulatedEmbedding, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('openai', { clock, behavior: { requireApiKey: true } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const openai = () => createOpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, clock });

describe('OpenAI embedding model', () => {
  it('embeds texts in order through the SDK, with usage, cost and rate limits', async () => {
    sim.configure({ limits: { requestsPerMinute: 50 } });
    const model = openai().embedding('text-embedding-3-small');
    expect(model).toMatchObject({
      provider: 'openai',
      modelId: 'text-embedding-3-small',
      dimensions: 1536,
    });
    const response = await model.embed({ inputs: ['first text', 'second'] });
    expect(sim.requests[0]?.body).toEqual({
      model: 'text-embedding-3-small',
      input: ['first text', 'second'],
      encoding_format: 'float',
    });
    expect(response.embeddings).toEqual([
      simulatedEmbedding('first text', 1536),
      simulatedEmbedding('second', 1536),
    ]);
    expect(response.usage).toEqual({ inputTokens: 3 + 2 });
    // $0.02 per million input tokens.
    expect(response.costUsd).toBeCloseTo(5 * 0.02e-6, 15);
    expect(response.rateLimits).toMatchObject({ requestsLimit: 50, requestsRemaining: 49 });
    expect(response.warnings).toEqual([]);
    expect(response.trace).toEqual({ attempts: [] });
  });

  it('sends a fixed size with every call; a request may ask its own', async () => {
    const model = openai().embedding('text-embedding-3-small', { dimensions: 768 });
    expect(model.dimensions).toBe(768);
    const fixed = await model.embed({ inputs: ['a'] });
    expect(sim.requests[0]?.body).toMatchObject({ dimensions: 768 });
    expect(fixed.embeddings[0]).toHaveLength(768);
    const asked = await model.embed({ inputs: ['a'], dimensions: 256 });
    expect(sim.requests[1]?.body).toMatchObject({ dimensions: 256 });
    expect(asked.embeddings[0]).toEqual(simulatedEmbedding('a', 256));
  });

  it('splits more than 2048 texts into several calls and joins the vectors in order', async () => {
    const inputs = Array.from({ length: 2050 }, (_, i) => `text ${i}`);
    const response = await openai()
      .embedding('text-embedding-3-small', { dimensions: 2 })
      .embed({ inputs });
    expect(sim.requests.map((r) => (r.body as { input: string[] }).input.length)).toEqual([
      2048, 2,
    ]);
    expect(response.embeddings).toHaveLength(2050);
    expect(response.embeddings[2049]).toEqual(simulatedEmbedding('text 2049', 2));
    expect(response.embeddings[7]).toEqual(simulatedEmbedding('text 7', 2));
    expect(response.usage.inputTokens).toBe(sim.counters.inputTokens);
  });

  it('warns that OpenAI has no input type, and that an unknown model has no price', async () => {
    const response = await openai()
      .embedding('my-embedder', { dimensions: 8 })
      .embed({ inputs: ['q'], inputType: 'query' });
    expect(response.costUsd).toBe(0);
    expect(response.warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'inputType',
        details: 'OpenAI embeds queries and documents alike',
      },
      expect.objectContaining({ type: 'other', message: expect.stringContaining('No price') }),
    ]);
  });

  it('maps a 429 to rate_limited with its retry-after, and a refused request to invalid_request', async () => {
    const model = openai().embedding('text-embedding-3-small');
    sim.fault({ type: 'rate-limit', retryAfterSeconds: 3 });
    await expect(model.embed({ inputs: ['x'] })).rejects.toMatchObject({
      name: 'LlmuxError',
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 3000,
      provider: 'openai',
      model: 'text-embedding-3-small',
    });
    await expect(model.embed({ inputs: ['x'], dimensions: 5000 })).rejects.toMatchObject({
      kind: 'invalid_request',
      status: 400,
      message: expect.stringContaining("Invalid value for 'dimensions' = 5000"),
    });
  });

  it('refuses a bad request before any call, naming the field', async () => {
    const model = openai().embedding('text-embedding-3-small');
    await expect(model.embed({ inputs: ['ok', ''] })).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('request.inputs[1]'),
    });
    expect(sim.requests).toHaveLength(0);
  });

  it('ends with cancelled when the caller aborts', async () => {
    sim.fault({ type: 'hang' });
    const controller = new AbortController();
    const call = openai()
      .embedding('text-embedding-3-small')
      .embed({ inputs: ['x'], signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(call).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('needs the size of a model the catalog does not know', () => {
    expect(() => openai().embedding('my-embedder')).toThrow(
      'Invalid createOpenAI setting "dimensions"',
    );
  });
});
