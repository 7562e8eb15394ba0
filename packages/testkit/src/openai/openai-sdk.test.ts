import { createManualClock } from '@llmux/core';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
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

const model = 'gpt-5-mini';
const messages = [{ role: 'user' as const, content: 'Hello simulator' }];

const streamed = async (options: { includeUsage: boolean }) => {
  const stream = await client.chat.completions.create({
    model,
    messages,
    stream: true,
    ...(options.includeUsage ? { stream_options: { include_usage: true } } : {}),
  });
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
};

const textOf = (chunks: ChatCompletionChunk[]) =>
  chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');

/** The error a call fails with, so its class and fields can be asserted. */
const failure = async (call: () => Promise<unknown>): Promise<unknown> => {
  try {
    await call();
  } catch (error) {
    return error;
  }
  throw new Error('the call succeeded');
};

describe('OpenAI simulator through the official SDK', () => {
  it('answers a plain call with an OpenAI completion, usage and request id', async () => {
    const { data, response } = await client.chat.completions
      .create({ model, messages })
      .withResponse();
    expect(data.id).toMatch(/^chatcmpl-/);
    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe(model);
    expect(Number.isInteger(data.created)).toBe(true);
    expect(data.choices[0]?.message.content).toBe('Echo: Hello simulator');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage).toMatchObject({
      prompt_tokens: 4,
      completion_tokens: 6,
      total_tokens: 10,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    expect(sim.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });

  it('streams chunks and, with include_usage, a last chunk with usage and no choices', async () => {
    sim.configure({ chunkSize: 5 });
    const chunks = await streamed({ includeUsage: true });
    expect(textOf(chunks)).toBe('Echo: Hello simulator');
    expect(chunks.slice(1, -2).map((c) => c.choices[0]?.delta.content)).toEqual([
      'Echo:',
      ' Hell',
      'o sim',
      'ulato',
      'r',
    ]);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 4, completion_tokens: 6 });
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
    expect(sim.requests[0]).toMatchObject({ stream: true, includeUsage: true });
  });

  it('sends no usage chunk without include_usage', async () => {
    const chunks = await streamed({ includeUsage: false });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.every((chunk) => chunk.usage === undefined)).toBe(true);
  });

  it('ends the raw event stream with data: [DONE]', async () => {
    const response = await fetch(`${sim.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test', 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages, stream: true }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await response.text();
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(
      body
        .split('\n\n')
        .filter(Boolean)
        .every((event) => event.startsWith('data: ')),
    ).toBe(true);
  });

  it('answers tool calls, plain and streamed in fragments the SDK reassembles', async () => {
    sim.configure({
      chunkSize: 3,
      reply: {
        toolCalls: [
          { name: 'get_weather', arguments: { city: 'Paris' } },
          { name: 'get_time', arguments: { zone: 'CET' } },
        ],
      },
    });
    const tools = ['get_weather', 'get_time'].map((name) => ({
      type: 'function' as const,
      function: { name, parameters: { type: 'object', properties: {} } },
    }));
    const plain = await client.chat.completions.create({ model, messages, tools });
    const message = plain.choices[0]?.message;
    expect(plain.choices[0]?.finish_reason).toBe('tool_calls');
    expect(message?.content).toBeNull();
    expect(message?.tool_calls?.map((call) => call.type === 'function' && call.function)).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
    expect(message?.tool_calls?.[0]?.id).toMatch(/^call_/);

    const runner = client.chat.completions.stream({ model, messages, tools });
    const fragments: number[] = [];
    for await (const chunk of runner) {
      for (const call of chunk.choices[0]?.delta.tool_calls ?? []) fragments.push(call.index);
    }
    const final = await runner.finalChatCompletion();
    expect(fragments.filter((index) => index === 0).length).toBeGreaterThan(3);
    expect(fragments).toContain(1);
    expect(
      final.choices[0]?.message.tool_calls?.map(
        (call) => call.type === 'function' && call.function,
      ),
    ).toEqual([
      { name: 'get_weather', arguments: '{"city":"Paris"}' },
      { name: 'get_time', arguments: '{"zone":"CET"}' },
    ]);
  });

  it('reports cached and reasoning tokens, plain and streamed', async () => {
    sim.configure({
      reply: {
        text: 'ok',
        usage: {
          inputTokens: 10_122,
          cacheReadTokens: 9_984,
          outputTokens: 70,
          reasoningTokens: 64,
        },
      },
    });
    const expected = {
      prompt_tokens: 10_122,
      completion_tokens: 70,
      total_tokens: 10_192,
      prompt_tokens_details: { cached_tokens: 9_984 },
      completion_tokens_details: { reasoning_tokens: 64 },
    };
    expect((await client.chat.completions.create({ model, messages })).usage).toMatchObject(
      expected,
    );
    expect((await streamed({ includeUsage: true })).at(-1)?.usage).toMatchObject(expected);
  });

  it('stops at max_completion_tokens with finish_reason length', async () => {
    sim.configure({ reply: { text: 'a long answer that goes on and on' } });
    const answer = await client.chat.completions.create({
      model,
      messages,
      max_completion_tokens: 2,
    });
    expect(answer.choices[0]?.finish_reason).toBe('length');
    expect(answer.choices[0]?.message.content).toBe('a long a');
  });

  it('refuses what the real API refuses, in its words', async () => {
    const error = await failure(() =>
      client.chat.completions.create({ model, messages, max_tokens: 10 }),
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      type: 'invalid_request_error',
      param: 'max_tokens',
      code: 'unsupported_parameter',
    });
  });

  it('has no count-tokens endpoint or other routes', async () => {
    const error = await failure(() => client.responses.create({ model, input: 'hi' }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('answers a call without an API key with 401 when keys are required', async () => {
    sim.configure({ requireApiKey: true });
    const response = await fetch(`${sim.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', param: null },
    });
  });
});

describe('OpenAI simulator faults through the official SDK', () => {
  it.each([
    [400, OpenAI.BadRequestError],
    [401, OpenAI.AuthenticationError],
    [403, OpenAI.PermissionDeniedError],
    [404, OpenAI.NotFoundError],
    [409, OpenAI.ConflictError],
    [422, OpenAI.UnprocessableEntityError],
    [429, OpenAI.RateLimitError],
    [500, OpenAI.InternalServerError],
    [502, OpenAI.InternalServerError],
  ])('status %i raises the SDK class with that status', async (status, errorClass) => {
    sim.fault({ type: 'status', status, message: `failed with ${status}` });
    const error = await failure(() => client.chat.completions.create({ model, messages }));
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject({ status, error: { message: `failed with ${status}` } });
    expect((error as InstanceType<typeof OpenAI.APIError>).requestID).toMatch(/^req_/);
  });

  it('rate-limit: 429 RateLimitError with retry-after and x-ratelimit headers', async () => {
    sim.fault({ type: 'rate-limit', retryAfterSeconds: 7 });
    const error = await failure(() => client.chat.completions.create({ model, messages }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const { headers, code, type } = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect({ code, type }).toEqual({ code: 'rate_limit_exceeded', type: 'requests' });
    expect(headers.get('retry-after')).toBe('7');
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(headers.get('x-ratelimit-reset-requests')).toBe('7s');
  });

  it('an exhausted quota is a 429 with code insufficient_quota', async () => {
    sim.fault({
      type: 'status',
      status: 429,
      message: 'You exceeded your current quota, please check your plan and billing details.',
    });
    const error = await failure(() => client.chat.completions.create({ model, messages }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ code: 'insufficient_quota', type: 'insufficient_quota' });
  });

  it('overloaded and outage: 503 InternalServerError', async () => {
    sim.fault({ type: 'overloaded' });
    const overloaded = await failure(() => client.chat.completions.create({ model, messages }));
    expect(overloaded).toBeInstanceOf(OpenAI.InternalServerError);
    expect(overloaded).toMatchObject({ status: 503, type: 'server_error' });
    sim.configure({ outage: true });
    const outage = await failure(() => client.chat.completions.create({ model, messages }));
    expect(outage).toMatchObject({ status: 503 });
  });

  it('hang: the SDK times out with APIConnectionTimeoutError, or stops on abort', async () => {
    sim.fault({ fault: { type: 'hang' }, times: 2 });
    const timedOut = await failure(() =>
      client.chat.completions.create({ model, messages }, { timeout: 20 }),
    );
    expect(timedOut).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    const controller = new AbortController();
    const call = client.chat.completions.create({ model, messages }, { signal: controller.signal });
    while (sim.counters.faults < 2) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    expect(await failure(() => call)).toBeInstanceOf(OpenAI.APIUserAbortError);
    expect(sim.counters.byStatus).toEqual({});
  });

  it('reset: APIConnectionError', async () => {
    sim.fault({ type: 'reset' });
    const error = await failure(() => client.chat.completions.create({ model, messages }));
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(error).toMatchObject({ status: undefined });
  });

  it('malformed: the SDK cannot parse the body or the event', async () => {
    sim.fault({ fault: { type: 'malformed' }, times: 2 });
    expect(await failure(() => client.chat.completions.create({ model, messages }))).toBeInstanceOf(
      SyntaxError,
    );
    expect(await failure(() => streamed({ includeUsage: true }))).toBeInstanceOf(SyntaxError);
  });

  it('cut-stream: the connection drops mid-stream, after the chunks already sent', async () => {
    // Paced on the manual clock, so the chunks before the cut reach the client first.
    sim.configure({ chunkIntervalMs: 10 });
    sim.fault({ type: 'cut-stream', afterFrames: 2 });
    const seen: ChatCompletionChunk[] = [];
    const error = await failure(async () => {
      const stream = await client.chat.completions.create({ model, messages, stream: true });
      for await (const chunk of stream) {
        seen.push(chunk);
        await clock.advance(10);
      }
    });
    // The SDK passes fetch's own error through once the body has started.
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toMatchObject({ message: 'terminated' });
    expect(textOf(seen).startsWith('Echo: He')).toBe(true);
    expect(seen.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it('stream-error: an error payload in the stream raises APIError without a status', async () => {
    sim.fault({ type: 'stream-error', afterFrames: 1, status: 500, message: 'upstream broke' });
    const seen: ChatCompletionChunk[] = [];
    const error = await failure(async () => {
      const stream = await client.chat.completions.create({ model, messages, stream: true });
      for await (const chunk of stream) seen.push(chunk);
    });
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({
      status: undefined,
      type: 'server_error',
      error: { message: 'upstream broke' },
    });
    expect(textOf(seen)).toBe('Echo: He');
  });
});

describe('OpenAI simulator rate limits through the official SDK', () => {
  it('refuses calls over the requests-per-minute limit until the window has room', async () => {
    sim.configure({ limits: { requestsPerMinute: 2 } });
    const first = await client.chat.completions.create({ model, messages }).withResponse();
    expect(first.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    await clock.advance(1_000);
    await client.chat.completions.create({ model, messages });

    const refused = await failure(() => client.chat.completions.create({ model, messages }));
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const { headers, type, code } = refused as InstanceType<typeof OpenAI.RateLimitError>;
    expect({ type, code }).toEqual({ type: 'requests', code: 'rate_limit_exceeded' });
    expect(headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(headers.get('x-ratelimit-reset-requests')).toBe('59s');
    expect(headers.get('retry-after')).toBe('59');
    expect(sim.counters.rateLimited).toBe(1);

    await clock.advance(59_000);
    const again = await client.chat.completions.create({ model, messages }).withResponse();
    expect(again.response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
  });

  it('refuses calls over the tokens-per-minute limit as type tokens', async () => {
    sim.configure({ limits: { tokensPerMinute: 12 } });
    await client.chat.completions.create({ model, messages });
    const refused = await failure(() => client.chat.completions.create({ model, messages }));
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const { headers, type } = refused as InstanceType<typeof OpenAI.RateLimitError>;
    expect(type).toBe('tokens');
    expect(headers.get('x-ratelimit-limit-tokens')).toBe('12');
    expect(headers.get('x-ratelimit-remaining-tokens')).toBe('2');
  });
});
