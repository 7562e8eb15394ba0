import { ApiError, type GenerateContentResponse, GoogleGenAI } from '@google/genai';
import { createManualClock } from '@llmux/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let ai: GoogleGenAI;

beforeAll(async () => {
  sim = await startSimulator('gemini', { clock });
  // The SDK retries only when given `retryOptions`; none here.
  ai = new GoogleGenAI({ apiKey: 'gm-test', httpOptions: { baseUrl: sim.baseURL } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'gemini-2.5-flash';
const contents = 'Hello simulator';
/** Off, as adapters set it: with it the SDK may reopen a stream by itself. */
const config = { automaticContinuation: false };

const streamed = async (extra: Record<string, unknown> = {}) => {
  const stream = await ai.models.generateContentStream({
    model,
    contents,
    config: { ...config, ...extra },
  });
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
};

const textOf = (chunks: GenerateContentResponse[]) => chunks.map((c) => c.text ?? '').join('');

/** The error a call fails with, so its class and fields can be asserted. */
const failure = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
};

/** The SDK puts the whole error body, as JSON, in the ApiError's message. */
const bodyOf = (error: unknown) => {
  expect(error).toBeInstanceOf(ApiError);
  return JSON.parse((error as ApiError).message).error;
};

describe('Gemini simulator through the official SDK', () => {
  it('answers a plain call with text, usage, response id and model version', async () => {
    const answer = await ai.models.generateContent({ model, contents, config });
    expect(answer.text).toBe('Echo: Hello simulator');
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
    expect(answer.usageMetadata).toMatchObject({
      promptTokenCount: 4,
      candidatesTokenCount: 6,
      totalTokenCount: 10,
    });
    expect(answer.responseId).toMatch(/^01\w{22}$/);
    expect(answer.modelVersion).toBe(model);
    const [request] = sim.requests;
    expect(request?.headers['x-goog-api-key']).toBe('gm-test');
    expect(request?.body).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: contents }] }],
    });
  });

  it('streams chunks of chunkSize characters, then a closing chunk with the usage', async () => {
    sim.configure({ chunkSize: 5 });
    const chunks = await streamed();
    expect(textOf(chunks)).toBe('Echo: Hello simulator');
    expect(chunks.map((c) => c.text ?? '')).toEqual(['Echo:', ' Hell', 'o sim', 'ulato', 'r', '']);
    expect(chunks.at(-1)?.candidates?.[0]?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata).toMatchObject({
      promptTokenCount: 4,
      candidatesTokenCount: 6,
      totalTokenCount: 10,
    });
    expect(new Set(chunks.map((c) => c.responseId)).size).toBe(1);
    expect(sim.counters.streamed).toBe(1);
  });

  it('returns function calls whole, streamed or not', async () => {
    sim.configure({ reply: { toolCalls: [{ name: 'weather', arguments: { city: 'Paris' } }] } });
    const answer = await ai.models.generateContent({
      model,
      contents,
      config: {
        ...config,
        tools: [
          { functionDeclarations: [{ name: 'weather', parametersJsonSchema: { type: 'object' } }] },
        ],
      },
    });
    expect(answer.functionCalls).toEqual([{ name: 'weather', args: { city: 'Paris' } }]);
    expect(answer.candidates?.[0]?.finishReason).toBe('STOP');
    expect(sim.requests[0]?.toolNames).toEqual(['weather']);
    const chunks = await streamed();
    expect(chunks.flatMap((c) => c.functionCalls ?? [])).toEqual([
      { name: 'weather', args: { city: 'Paris' } },
    ]);
  });

  it('reports cached and thinking tokens the way Gemini does', async () => {
    sim.configure({
      reply: {
        text: 'ok',
        usage: { inputTokens: 3000, cacheReadTokens: 2048, outputTokens: 50, reasoningTokens: 20 },
      },
    });
    const answer = await ai.models.generateContent({ model, contents, config });
    expect(answer.usageMetadata).toMatchObject({
      promptTokenCount: 3000,
      cachedContentTokenCount: 2048,
      candidatesTokenCount: 30,
      thoughtsTokenCount: 20,
      totalTokenCount: 3050,
    });
  });

  it('stops at maxOutputTokens with MAX_TOKENS, and blocks with SAFETY', async () => {
    sim.configure({ reply: { text: 'a long answer that goes on' } });
    const cut = await ai.models.generateContent({
      model,
      contents,
      config: { ...config, maxOutputTokens: 2 },
    });
    expect(cut.candidates?.[0]?.finishReason).toBe('MAX_TOKENS');
    expect(cut.text).toBe('a long a');
    sim.configure({ reply: { text: '', finishReason: 'content-filter' } });
    const blocked = await ai.models.generateContent({ model, contents, config });
    expect(blocked.candidates?.[0]?.finishReason).toBe('SAFETY');
    expect(blocked.text).toBeUndefined();
  });

  it('counts tokens', async () => {
    const counted = await ai.models.countTokens({ model, contents: 'four words of text' });
    expect(counted.totalTokens).toBe(5);
    expect(sim.requests[0]?.operation).toBe('count-tokens');
  });

  it('refuses what the real API refuses, in its words', async () => {
    const error = await failure(() =>
      ai.models.generateContent({
        model,
        contents: [{ role: 'assistant', parts: [{ text: 'hi' }] }],
        config,
      }),
    );
    expect((error as ApiError).status).toBe(400);
    expect(bodyOf(error)).toEqual({
      code: 400,
      message: 'Please use a valid role: user, model.',
      status: 'INVALID_ARGUMENT',
    });
  });

  it('answers a call without x-goog-api-key with an error when keys are required', async () => {
    sim.configure({ requireApiKey: true });
    const response = await fetch(`${sim.baseURL}/v1beta/models/${model}:generateContent`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED' },
    });
  });
});

describe('Gemini simulator faults through the official SDK', () => {
  it.each([
    [400, 'INVALID_ARGUMENT'],
    [403, 'PERMISSION_DENIED'],
    [404, 'NOT_FOUND'],
    [429, 'RESOURCE_EXHAUSTED'],
    [500, 'INTERNAL'],
    [504, 'DEADLINE_EXCEEDED'],
  ])('status %i raises ApiError with that status and canonical name', async (status, name) => {
    sim.fault({ type: 'status', status, message: `failed with ${status}` });
    const error = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect((error as ApiError).status).toBe(status);
    expect(bodyOf(error)).toMatchObject({
      code: status,
      message: `failed with ${status}`,
      status: name,
    });
  });

  it('an invalid key is a 400 with ErrorInfo API_KEY_INVALID, as Gemini sends it', async () => {
    sim.fault({
      type: 'status',
      status: 400,
      message: 'API key not valid. Please pass a valid API key.',
    });
    const error = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect(bodyOf(error).details[0]).toMatchObject({ reason: 'API_KEY_INVALID' });
  });

  it('rate-limit: 429 RESOURCE_EXHAUSTED with a QuotaFailure, no rate-limit headers', async () => {
    sim.fault({ type: 'rate-limit', retryAfterSeconds: 7 });
    const error = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect((error as ApiError).status).toBe(429);
    const body = bodyOf(error);
    expect(body.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.details[0]['@type']).toBe('type.googleapis.com/google.rpc.QuotaFailure');
  });

  it('a 429 whose message names a delay carries RetryInfo, as recorded', async () => {
    sim.fault({
      type: 'status',
      status: 429,
      message: 'You exceeded your current quota, please check your plan. Please retry in 34.4s.',
    });
    const error = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect(bodyOf(error).details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '34.4s',
    });
  });

  it('overloaded and outage: 503 UNAVAILABLE', async () => {
    sim.fault({ type: 'overloaded' });
    const overloaded = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect((overloaded as ApiError).status).toBe(503);
    expect(bodyOf(overloaded).status).toBe('UNAVAILABLE');
    sim.configure({ outage: true });
    const outage = await failure(() => streamed());
    expect((outage as ApiError).status).toBe(503);
  });

  it('hang: the call stops when its abort signal fires', async () => {
    sim.fault({ type: 'hang' });
    const controller = new AbortController();
    const call = ai.models.generateContent({
      model,
      contents,
      config: { ...config, abortSignal: controller.signal },
    });
    while (sim.counters.faults < 1) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await failure(() => call)).toMatchObject({ name: 'AbortError' });
    expect(sim.counters.byStatus).toEqual({});
  });

  it('reset: fetch fails with a TypeError', async () => {
    sim.fault({ type: 'reset' });
    const error = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(ApiError);
  });

  it('malformed: the SDK cannot parse the body or the chunk', async () => {
    sim.fault({ fault: { type: 'malformed' }, times: 2 });
    expect(
      await failure(() => ai.models.generateContent({ model, contents, config })),
    ).toBeInstanceOf(SyntaxError);
    const streamError = await failure(() => streamed());
    expect(streamError).toBeInstanceOf(Error);
    expect(streamError).not.toBeInstanceOf(ApiError);
  });

  it('cut-stream: the connection drops mid-stream, after the chunks already sent', async () => {
    sim.configure({ chunkIntervalMs: 10 });
    sim.fault({ type: 'cut-stream', afterFrames: 2 });
    const seen: GenerateContentResponse[] = [];
    const error = await failure(async () => {
      const stream = await ai.models.generateContentStream({ model, contents, config });
      for await (const chunk of stream) {
        seen.push(chunk);
        await clock.advance(10);
      }
    });
    expect(error).toMatchObject({ message: 'terminated' });
    expect(textOf(seen)).toBe('Echo: Hello simu');
    expect(seen.some((chunk) => chunk.candidates?.[0]?.finishReason)).toBe(false);
  });

  it('stream-error: an error chunk mid-stream raises ApiError with its code', async () => {
    sim.fault({
      type: 'stream-error',
      afterFrames: 1,
      status: 503,
      message: 'The model is overloaded.',
    });
    const seen: GenerateContentResponse[] = [];
    const error = await failure(async () => {
      const stream = await ai.models.generateContentStream({ model, contents, config });
      for await (const chunk of stream) seen.push(chunk);
    });
    expect((error as ApiError).status).toBe(503);
    expect(
      JSON.parse((error as ApiError).message.replace(/^got status: \w+\. /, '')).error,
    ).toEqual({
      code: 503,
      message: 'The model is overloaded.',
      status: 'UNAVAILABLE',
    });
    expect(textOf(seen)).toBe('Echo: He');
  });
});

describe('Gemini simulator rate limits through the official SDK', () => {
  it('refuses calls over the requests-per-minute limit until the window has room', async () => {
    sim.configure({ limits: { requestsPerMinute: 2 } });
    await ai.models.generateContent({ model, contents, config });
    await ai.models.generateContent({ model, contents, config });
    const refused = await failure(() => ai.models.generateContent({ model, contents, config }));
    expect((refused as ApiError).status).toBe(429);
    const body = bodyOf(refused);
    expect(body.message).toMatch(/2 requests per minute/);
    expect(body.details[0].violations[0].quotaId).toMatch(/^GenerateRequestsPerMinute/);
    expect(sim.counters.rateLimited).toBe(1);
    await clock.advance(60_000);
    const after = await ai.models.generateContent({ model, contents, config });
    expect(after.text).toBe('Echo: Hello simulator');
  });

  it('refuses calls over the tokens-per-minute limit with a token quota', async () => {
    sim.configure({ limits: { tokensPerMinute: 12 } });
    await ai.models.generateContent({ model, contents, config });
    const refused = await failure(() => ai.models.generateContent({ model, contents, config }));
    const body = bodyOf(refused);
    expect(body.message).toMatch(/12 tokens per minute/);
    expect(body.details[0].violations[0].quotaId).toMatch(/InputTokensPerModelPerMinute$/);
  });
});
