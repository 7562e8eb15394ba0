import { ApiError, GoogleGenAI } from '@google/genai';
import { createManualClock } from '@llmux/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulatedEmbedding } from '../simulator/simulated-embedding.js';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let ai: GoogleGenAI;

beforeAll(async () => {
  sim = await startSimulator('gemini', { clock });
  ai = new GoogleGenAI({ apiKey: 'gm-test', httpOptions: { baseUrl: sim.baseURL } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'gemini-embedding-001';

const failure = async (call: () => Promise<unknown>): Promise<ApiError> => {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('the call succeeded');
};

describe('Gemini embeddings simulator through the official SDK', () => {
  it('answers batchEmbedContents in order, at outputDimensionality, with usage metadata', async () => {
    const response = await ai.models.embedContent({
      model,
      contents: ['alpha', 'beta beta'],
      config: { outputDimensionality: 768, taskType: 'RETRIEVAL_DOCUMENT' },
    });
    expect(sim.requests[0]?.body).toEqual({
      requests: [
        {
          content: { parts: [{ text: 'alpha' }], role: 'user' },
          taskType: 'RETRIEVAL_DOCUMENT',
          outputDimensionality: 768,
          model: `models/${model}`,
        },
        {
          content: { parts: [{ text: 'beta beta' }], role: 'user' },
          taskType: 'RETRIEVAL_DOCUMENT',
          outputDimensionality: 768,
          model: `models/${model}`,
        },
      ],
    });
    expect(response.embeddings?.map((e) => e.values)).toEqual([
      simulatedEmbedding('alpha', 768),
      simulatedEmbedding('beta beta', 768),
    ]);
    expect((response as { usageMetadata?: unknown }).usageMetadata).toEqual({
      promptTokenCount: 5,
      promptTokenDetails: [{ modality: 'TEXT', tokenCount: 5 }],
    });
  });

  it('makes the model default size without outputDimensionality', async () => {
    const response = await ai.models.embedContent({ model, contents: ['x'] });
    expect(response.embeddings?.[0]?.values).toHaveLength(3072);
  });

  it('answers embedContent, one content, with one embedding', async () => {
    const res = await fetch(`${sim.url}/v1beta/models/${model}:embedContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'k' },
      body: JSON.stringify({ content: { parts: [{ text: 'solo' }] }, outputDimensionality: 4 }),
    });
    expect(await res.json()).toMatchObject({
      embedding: { values: simulatedEmbedding('solo', 4) },
      usageMetadata: { promptTokenCount: 1 },
    });
  });

  it('refuses more than 100 requests in one batch, in the API wording', async () => {
    const error = await failure(() =>
      ai.models.embedContent({ model, contents: Array.from({ length: 101 }, (_, i) => `t${i}`) }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('at most 100 requests can be in one batch');
  });

  it('refuses an unknown task type and a size above the model maximum', async () => {
    const taskType = await failure(() =>
      ai.models.embedContent({ model, contents: ['x'], config: { taskType: 'POETRY' } }),
    );
    expect(taskType.message).toContain('requests[0].task_type');
    const size = await failure(() =>
      ai.models.embedContent({ model, contents: ['x'], config: { outputDimensionality: 4096 } }),
    );
    expect(size.message).toContain('Output dimensionality must be between 1 and 3072');
  });

  it('fails embedding calls with injected faults, in the google.rpc.Status shape', async () => {
    sim.fault({ type: 'status', status: 503 });
    const error = await failure(() => ai.models.embedContent({ model, contents: ['x'] }));
    expect(error.status).toBe(503);
    expect(JSON.parse(error.message).error.status).toBe('UNAVAILABLE');
  });
});
