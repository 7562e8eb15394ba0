import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  collectStream,
  defaultCatalog,
  type GenerateRequest,
  LlmuxError,
  reasoningOf,
  type StreamEvent,
  sequentialIds,
  textOf,
  toolCallsOf,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { type FakeGeminiFetch, jsonFetch, sseFetch } from './fake-gemini-fetch.js';
import { createGemini } from './gemini-provider.js';

/** Responses recorded from the real Gemini API (see fixtures/recorded/SOURCES.md). */
const DIR = fileURLToPath(new URL('../../../fixtures/recorded/google/', import.meta.url));
const read = (name: string) => readFileSync(`${DIR}/${name}`, 'utf8');
const lines = (name: string) => read(name).trim().split('\n');

const ask: GenerateRequest = { messages: [{ role: 'user', content: 'recorded' }] };

/** A model whose SDK gets the recording from `fetch`; priced as gemini-2.5-flash. */
const modelOver = (fake: FakeGeminiFetch) =>
  createGemini({ apiKey: 'test-key-0000', fetch: fake.fetch, ids: sequentialIds('call') })(
    'gemini-2.5-flash',
  );

const generated = (name: string) => modelOver(jsonFetch(read(name))).generate(ask);

const streamedEvents = async (name: string) => {
  const fake = sseFetch(lines(name));
  const events: StreamEvent[] = [];
  for await (const event of modelOver(fake).stream(ask)) events.push(event);
  return { events, fake };
};

const streamed = async (name: string) => {
  const { events } = await streamedEvents(name);
  return collectStream(
    (async function* () {
      yield* events;
    })(),
  );
};

const priced = (usage: Parameters<typeof defaultCatalog.costOf>[0]) =>
  defaultCatalog.costOf(usage, 'gemini', 'gemini-2.5-flash');

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(LlmuxError.isInstance(error)).toBe(true);
    return error as LlmuxError;
  }
  throw new Error('expected a failure');
};

/** Every recording, and what it must parse into. */
const cases: Record<string, () => Promise<void>> = {
  'google-text.json': async () => {
    const response = await generated('google-text.json');
    expect(textOf(response)).toBe(
      "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
    );
    expect(response).toMatchObject({
      id: 'Un6LacrVMcjUxs0PmJfWoQc',
      provider: 'gemini',
      model: 'gemini-3-pro-preview',
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 9, outputTokens: 28 + 244, reasoningTokens: 244, cacheReadTokens: 0 },
      warnings: [],
    });
    expect(response.costUsd).toBe(priced(response.usage));
    // The text's thought signature is kept, after the text it signs.
    expect(response.content[1]).toEqual({
      type: 'reasoning',
      text: '',
      signature: expect.stringMatching(/^EtoFCtcFAb4/),
      provider: 'gemini',
    });
  },

  'google-tool-call.json': async () => {
    const response = await generated('google-tool-call.json');
    expect(response.content).toEqual([
      {
        type: 'reasoning',
        text: '',
        signature: expect.stringMatching(/^EskgCsYgAb4/),
        provider: 'gemini',
      },
      {
        type: 'tool-call',
        toolCallId: 'call-1',
        toolName: 'weather',
        arguments: { location: 'San Francisco' },
      },
    ]);
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(response.usage).toMatchObject({
      inputTokens: 29,
      outputTokens: 15 + 893,
      reasoningTokens: 893,
    });
    expect(response.providerMetadata?.gemini).toMatchObject({
      usageMetadata: { totalTokenCount: 937 },
    });
  },

  'google-text.chunks.txt': async () => {
    const { events, fake } = await streamedEvents('google-text.chunks.txt');
    expect(fake.requests[0]?.url).toMatch(/:streamGenerateContent\?alt=sse$/);
    expect(events.map((e) => e.type)).toEqual([
      'start',
      'text-delta',
      'text-delta',
      'reasoning',
      'finish',
    ]);
    const response = await streamed('google-text.chunks.txt');
    expect(textOf(response)).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(response).toMatchObject({
      id: 'bH6LaZW8Fp_3nsEPqtaSwQ4',
      model: 'gemini-3-pro-preview',
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { inputTokens: 9, outputTokens: 23 + 185, reasoningTokens: 185 },
    });
    expect(response.timeToFirstTokenMs).toBeGreaterThanOrEqual(0);
  },

  'google-tool-call.chunks.txt': async () => {
    const response = await streamed('google-tool-call.chunks.txt');
    expect(toolCallsOf(response)).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call-1',
        toolName: 'weather',
        arguments: { location: 'San Francisco' },
      },
    ]);
    expect(textOf(response)).toBe('');
    expect(response.finishReason).toEqual({ unified: 'tool-calls', raw: 'STOP' });
    expect(response.usage).toMatchObject({
      inputTokens: 29,
      outputTokens: 60,
      reasoningTokens: 45,
    });
  },

  'google-stream-no-args-tool-call.chunks.txt': async () => {
    const response = await streamed('google-stream-no-args-tool-call.chunks.txt');
    expect(toolCallsOf(response).map(({ toolName, arguments: args }) => [toolName, args])).toEqual([
      ['read_theme', {}],
      ['read_screen', { id: 'A' }],
      ['read_screen', { id: 'B' }],
      ['read_screen', { id: 'C' }],
    ]);
    expect(new Set(toolCallsOf(response).map((call) => call.toolCallId)).size).toBe(4);
    expect(textOf(response)).toBe('');
    expect(reasoningOf(response)).toMatch(/^\*\*Processing User Requests\*\*/);
    // The thought summary carries the signature of the first call, which it comes before.
    expect(response.content[0]).toMatchObject({
      type: 'reasoning',
      signature: expect.stringMatching(/^AY89a18a8/),
      provider: 'gemini',
    });
    expect(response.content[1]).toMatchObject({ type: 'tool-call', toolName: 'read_theme' });
    expect(response).toMatchObject({
      id: '_vr4aYiWEJnYodAPkujX0QM',
      model: 'gemini-3-flash-preview',
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
      usage: { inputTokens: 249, outputTokens: 58 + 183, reasoningTokens: 183 },
    });
  },

  'google-stream-tool-call-arguments.chunks.txt': async () => {
    const { events } = await streamedEvents('google-stream-tool-call-arguments.chunks.txt');
    const deltas = events.filter((e) => e.type === 'tool-call-delta');
    expect(deltas.map((e) => JSON.parse(e.argumentsDelta))).toEqual([
      { location: 'Boston' },
      { location: 'San Francisco' },
    ]);
    const response = await streamed('google-stream-tool-call-arguments.chunks.txt');
    expect(toolCallsOf(response).map((call) => call.arguments)).toEqual([
      { location: 'Boston' },
      { location: 'San Francisco' },
    ]);
    expect(response.usage).toMatchObject({ inputTokens: 26, outputTokens: 23 + 132 });
  },

  'gemma-4-output-usage.chunks.txt': async () => {
    const response = await streamed('gemma-4-output-usage.chunks.txt');
    expect(textOf(response)).toBe('hello');
    expect(reasoningOf(response)).toContain('Reply with exactly: hello');
    expect(response.content.map((part) => part.type)).toEqual(['reasoning', 'text']);
    expect(response).toMatchObject({
      model: 'gemma-4-26b-a4b-it',
      usage: { inputTokens: 6, outputTokens: 77, reasoningTokens: 76 },
    });
  },

  'google-429-retry-info.json': async () => {
    const body = read('google-429-retry-info.json');
    const expected = { kind: 'rate_limited', status: 429, retryable: true, retryAfterMs: 34_400 };
    const model = modelOver(jsonFetch(body, 429));
    expect(await failure(model.generate(ask))).toMatchObject(expected);
    const events: StreamEvent[] = [];
    for await (const event of model.stream(ask)) events.push(event);
    expect(events).toEqual([{ type: 'error', error: expect.objectContaining(expected) }]);
  },

  'issue-8943-gemini-2.5-flash-error.json': async () => {
    const model = modelOver(jsonFetch(read('issue-8943-gemini-2.5-flash-error.json'), 400));
    expect(await failure(model.generate(ask))).toMatchObject({
      kind: 'invalid_request',
      status: 400,
      retryable: false,
      message: 'Gemini 400 INVALID_ARGUMENT: Penalty is not enabled for models/gemini-2.5-flash',
    });
  },
};

describe('recorded Gemini responses through @google/genai', () => {
  it('has a case for every recording', () => {
    expect(readdirSync(DIR).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, check] of Object.entries(cases)) it(`parses ${name}`, check);
});
