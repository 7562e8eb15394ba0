import { createManualClock } from '@llmux/core';
import OpenAI, { BadRequestError, RateLimitError } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { simulatedEmbedding } from '../simulator/simulated-embedding.js';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let client: OpenAI;

beforeAll(async () => {
  sim = await startSimulator('openai', { clock });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, maxRetries: 0, logLevel: 'off' });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'text-embedding-3-small';

const failure = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
};

/** float32 rounding of a float64 vector, as base64 carries it. */
const asFloat32 = (vector: number[]) => Array.from(new Float32Array(vector));

describe('OpenAI embeddings simulator through the official SDK', () => {
  it('answers floats in input order, unit length, with usage and rate-limit headers', async () => {
    sim.configure({ limits: { requestsPerMinute: 100 } });
    const { data, response } = await client.embeddings
      .create({ model, input: ['alpha', 'beta beta', 'alpha'], encoding_format: 'float' })
      .withResponse();
    expect(data.object).toBe('list');
    expect(data.model).toBe(model);
    expect(data.data.map((d) => [d.object, d.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
      ['embedding', 2],
    ]);
    expect(data.data[0]?.embedding).toEqual(simulatedEmbedding('alpha', 1536));
    expect(data.data[1]?.embedding).toEqual(simulatedEmbedding('beta beta', 1536));
    // Equal texts embed equally; different texts do not.
    expect(data.data[2]?.embedding).toEqual(data.data[0]?.embedding);
    expect(data.data[1]?.embedding).not.toEqual(data.data[0]?.embedding);
    const norm = Math.hypot(...(data.data[1]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 12);
    expect(data.usage).toEqual({ prompt_tokens: 2 + 3 + 2, total_tokens: 7 });
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('99');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('shortens vectors to `dimensions`, and takes one string as one input', async () => {
    const data = await client.embeddings.create({
      model,
      input: 'one text',
      dimensions: 256,
      encoding_format: 'float',
    });
    expect(data.data).toHaveLength(1);
    expect(data.data[0]?.embedding).toEqual(simulatedEmbedding('one text', 256));
  });

  it('answers base64 float32 when the SDK asks by default, which the SDK decodes', async () => {
    const data = await client.embeddings.create({ model, input: ['gamma'], dimensions: 8 });
    expect(sim.requests[0]?.body).toMatchObject({ encoding_format: 'base64' });
    expect(data.data[0]?.embedding).toEqual(asFloat32(simulatedEmbedding('gamma', 8)));
  });

  it.each([
    [{ input: [] }, "'$.input' is invalid"],
    [{ input: ['ok', ''] }, "'$.input' is invalid"],
    [{ input: Array(2049).fill('x') }, 'array length must be 2048 or less'],
    [{ input: ['x'], dimensions: 4000 }, "Invalid value for 'dimensions' = 4000"],
    [{ input: ['x'.repeat(40_000)] }, 'maximum context length is 8192 tokens'],
  ])('refuses %# with a 400 in the API wording', async (body, message) => {
    const error = await failure(() =>
      client.embeddings.create({ model, encoding_format: 'float', ...body } as never),
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).message).toContain(message);
  });

  it('fails embedding calls with injected faults: a 429 with retry-after and headers', async () => {
    sim.fault({
      fault: { type: 'rate-limit', retryAfterSeconds: 2 },
      match: (r) => r.operation === 'embed',
    });
    const error = await failure(() => client.embeddings.create({ model, input: ['x'] }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers?.get('retry-after')).toBe('2');
    expect((error as RateLimitError).headers?.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(sim.counters.faults).toBe(1);
  });
});
