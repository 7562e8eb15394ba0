import { createManualClock } from '@llmux/core';
import { type Simulator, simulatedEmbedding, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGemini } from './gemini-provider.js';

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('gemini', { clock, behavior: { requireApiKey: true } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const gemini = () => createGemini({ apiKey: 'gm-test', baseURL: sim.baseURL, clock });

type Sent = { requests: Array<Record<string, unknown>> };
/** The `requests` of the i-th batchEmbedContents call the simulator received. */
const sentAt = (i: number) => (sim.requests[i]?.body as Sent | undefined)?.requests ?? [];

describe('Gemini embedding model', () => {
  it('embeds texts in order through the SDK, with usage and cost', async () => {
    const model = gemini().embedding('gemini-embedding-001');
    expect(model).toMatchObject({
      provider: 'gemini',
      modelId: 'gemini-embedding-001',
      dimensions: 3072,
    });
    const response = await model.embed({ inputs: ['first text', 'second'] });
    expect(sentAt(0).map((r) => Object.keys(r).sort())).toEqual([
      ['content', 'model'],
      ['content', 'model'],
    ]);
    expect(response.embeddings).toEqual([
      simulatedEmbedding('first text', 3072),
      simulatedEmbedding('second', 3072),
    ]);
    expect(response.usage).toEqual({ inputTokens: 5 });
    // $0.15 per million input tokens.
    expect(response.costUsd).toBeCloseTo(5 * 0.15e-6, 15);
    expect(response.warnings).toEqual([]);
  });

  it('sends the size as outputDimensionality and the input type as taskType', async () => {
    const model = gemini().embedding('gemini-embedding-001', { dimensions: 768 });
    expect(model.dimensions).toBe(768);
    const response = await model.embed({ inputs: ['what is rag?'], inputType: 'query' });
    expect(sentAt(0)[0]).toMatchObject({
      outputDimensionality: 768,
      taskType: 'RETRIEVAL_QUERY',
      model: 'models/gemini-embedding-001',
    });
    expect(response.embeddings[0]).toEqual(simulatedEmbedding('what is rag?', 768));
    await model.embed({ inputs: ['doc'], inputType: 'document', dimensions: 128 });
    expect(sentAt(1)[0]).toMatchObject({
      outputDimensionality: 128,
      taskType: 'RETRIEVAL_DOCUMENT',
    });
  });

  it('splits more than 100 texts into batches of 100 and joins the vectors in order', async () => {
    const inputs = Array.from({ length: 250 }, (_, i) => `passage ${i}`);
    const response = await gemini()
      .embedding('gemini-embedding-001', { dimensions: 4 })
      .embed({ inputs });
    expect(sim.requests.map((_, i) => sentAt(i).length)).toEqual([100, 100, 50]);
    expect(response.embeddings).toHaveLength(250);
    expect(response.embeddings[0]).toEqual(simulatedEmbedding('passage 0', 4));
    expect(response.embeddings[149]).toEqual(simulatedEmbedding('passage 149', 4));
    expect(response.embeddings[249]).toEqual(simulatedEmbedding('passage 249', 4));
    expect(response.usage.inputTokens).toBe(sim.counters.inputTokens);
  });

  it('maps a 429 to rate_limited with the delay of its RetryInfo, and a 400 to invalid_request', async () => {
    const model = gemini().embedding('gemini-embedding-001');
    sim.fault({ type: 'rate-limit', retryAfterSeconds: 4 });
    await expect(model.embed({ inputs: ['x'] })).rejects.toMatchObject({
      name: 'LlmuxError',
      kind: 'rate_limited',
      status: 429,
      retryAfterMs: 4000,
      provider: 'gemini',
      model: 'gemini-embedding-001',
    });
    await expect(model.embed({ inputs: ['x'], dimensions: 4096 })).rejects.toMatchObject({
      kind: 'invalid_request',
      status: 400,
    });
  });

  it('refuses a bad request before any call, naming the field', async () => {
    await expect(
      gemini()
        .embedding('gemini-embedding-001')
        .embed({ inputs: ['x'], inputType: 'code' as never }),
    ).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining('request.inputType'),
    });
    expect(sim.requests).toHaveLength(0);
  });
});
