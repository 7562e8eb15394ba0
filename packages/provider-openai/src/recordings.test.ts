import { readdirSync, readFileSync } from 'node:fs';
import {
  collectStream,
  createModelCatalog,
  defaultModels,
  type GenerateResponse,
  type LanguageModel,
  type LlmuxError,
  type StreamEvent,
  textOf,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

/** Responses recorded from the real API (see fixtures/recorded/SOURCES.md). */
const directory = new URL('../../../fixtures/recorded/openai/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, directory), 'utf8');
const recordings = readdirSync(directory).sort();

/** Prices of the recorded models core's catalog does not list (OpenAI's price page). */
const catalog = createModelCatalog(
  [
    ['gpt-4.1-nano', 0.1, 0.4, 0.025],
    ['gpt-4o', 2.5, 10, 1.25],
  ].map(([model, input, output, cacheRead]) => ({
    provider: 'openai',
    model: model as string,
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    capabilities: { tools: true, images: true, json: true, jsonSchema: true },
    pricing: { input: input as number, output: output as number, cacheRead: cacheRead as number },
  })),
  defaultModels,
);

interface Served {
  status: number;
  body: string;
  stream?: boolean;
}

/** A model whose SDK client fetches the given bodies in turn instead of calling the network. */
function modelServing(modelId: string, ...served: Served[]) {
  const requests: Array<Record<string, unknown>> = [];
  const fetch: typeof globalThis.fetch = async (_url, init) => {
    requests.push(JSON.parse(String(init?.body)));
    const next = served.shift();
    if (!next) throw new Error('no more recorded responses');
    return new Response(next.body, {
      status: next.status,
      headers: {
        'content-type': next.stream ? 'text/event-stream' : 'application/json',
        'x-request-id': 'req_recorded',
      },
    });
  };
  const model = createOpenAI({ apiKey: 'sk-test', fetch, catalog })(modelId);
  return { model, requests };
}

/** A `.chunks.txt` recording (one data payload a line) as the SSE body it was cut from. */
const sseOf = (chunks: string) =>
  `${chunks
    .trim()
    .split('\n')
    .map((line) => `data: ${line}\n\n`)
    .join('')}data: [DONE]\n\n`;

const events = async (model: LanguageModel): Promise<StreamEvent[]> => {
  const seen: StreamEvent[] = [];
  for await (const event of model.stream({ messages: [{ role: 'user', content: 'x' }] })) {
    seen.push(event);
  }
  return seen;
};

const generate = (model: LanguageModel) =>
  model.generate({ messages: [{ role: 'user', content: 'x' }] });

/** Every stream is one start, content, and one finish. */
function expectWellFormed(seen: StreamEvent[]): Extract<StreamEvent, { type: 'finish' }> {
  expect(seen[0]?.type).toBe('start');
  expect(seen.filter((e) => e.type === 'start')).toHaveLength(1);
  const last = seen.at(-1);
  expect(last?.type).toBe('finish');
  return last as Extract<StreamEvent, { type: 'finish' }>;
}

/** Tool calls of a raw `.bin` SSE body, assembled by hand: `[id, name, arguments]` by index. */
function recordedToolCalls(bin: string): Array<[string, string, unknown]> {
  const calls: Array<[string, string, string]> = [];
  for (const event of bin.split('\n\n')) {
    const data = event.replace(/^data: /, '').trim();
    if (data === '' || data === '[DONE]') continue;
    for (const choice of JSON.parse(data).choices) {
      for (const call of choice.delta.tool_calls ?? []) {
        calls[call.index] ??= [call.id, call.function.name, ''];
        calls[call.index]![2] += call.function.arguments ?? '';
      }
    }
  }
  return calls.map(([id, name, args]) => [id, name, JSON.parse(args)]);
}

const errorOf = async (promise: Promise<unknown>): Promise<LlmuxError> => {
  try {
    await promise;
  } catch (error) {
    return error as LlmuxError;
  }
  throw new Error('expected the call to fail');
};

async function expectErrorBoth(file: string, status: number) {
  const served = { status, body: read(file) };
  const generated = await errorOf(generate(modelServing('gpt-5-mini', served).model));
  const streamed = await events(modelServing('gpt-5-mini', served).model);
  expect(streamed).toHaveLength(1);
  expect(streamed[0]).toMatchObject({ type: 'error', error: { kind: generated.kind } });
  return generated;
}

const cases: Record<string, () => Promise<void>> = {
  'openai-text.json': async () => {
    const recorded = JSON.parse(read('openai-text.json'));
    const response = await generate(
      modelServing('gpt-4.1-nano', { status: 200, body: read('openai-text.json') }).model,
    );
    expect(response).toMatchObject({
      id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      provider: 'openai',
      model: 'gpt-4.1-nano-2025-04-14',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 16, outputTokens: 363, cacheReadTokens: 0, reasoningTokens: 0 },
      warnings: [],
      providerMetadata: { openai: { systemFingerprint: 'fp_de604bd877', serviceTier: 'default' } },
    });
    expect(textOf(response)).toBe(recorded.choices[0].message.content);
    expect(response.costUsd).toBeCloseTo((16 * 0.1 + 363 * 0.4) / 1e6, 15);
  },

  'openai-text.chunks.txt': async () => {
    const chunks = read('openai-text.chunks.txt');
    const expectedText = chunks
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).choices[0]?.delta.content ?? '')
      .join('');
    const served = { status: 200, body: sseOf(chunks), stream: true };
    const { model, requests } = modelServing('gpt-4.1-nano', served);
    const seen = await events(model);
    const finish = expectWellFormed(seen);
    expect(seen[0]).toMatchObject({ id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0' });
    const deltas = seen.filter((e) => e.type === 'text-delta');
    expect(deltas.length).toBeGreaterThan(290);
    expect(deltas.map((e) => e.delta).join('')).toBe(expectedText);
    expect(finish).toMatchObject({
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: 16, outputTokens: 300 },
    });
    expect(requests[0]).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    const collected = await collectStream(
      modelServing('gpt-4.1-nano', served).model.stream({
        messages: [{ role: 'user', content: 'x' }],
      }),
    );
    expect(textOf(collected)).toBe(expectedText);
  },

  'azure-model-router.1.chunks.txt': async () => {
    const body = sseOf(read('azure-model-router.1.chunks.txt'));
    const seen = await events(
      modelServing('gpt-5-nano', { status: 200, body, stream: true }).model,
    );
    const finish = expectWellFormed(seen);
    // The first chunk holds only prompt filter results, with no id: the start waits for one.
    expect(seen[0]).toMatchObject({
      id: 'chatcmpl-CYPS1lijGoK8gd9lYzY3r9Sx50nbt',
      model: 'gpt-5-nano-2025-08-07',
    });
    const text = seen.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('');
    expect(text.startsWith('Capital of Denmark')).toBe(true);
    expect(finish.usage).toEqual({
      inputTokens: 15,
      outputTokens: 78,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 64,
    });
  },

  'openai-chat-cached-input-tokens-11178.json': async () => {
    const { attempts } = JSON.parse(read('openai-chat-cached-input-tokens-11178.json'));
    const served = attempts.map((attempt: { rawResponseBody: unknown }) => ({
      status: 200,
      body: JSON.stringify(attempt.rawResponseBody),
    }));
    const { model } = modelServing('gpt-4o-mini', ...served);
    const responses: GenerateResponse[] = [await generate(model), await generate(model)];
    expect(responses.map((r) => r.usage.cacheReadTokens)).toEqual([0, 9984]);
    expect(responses.map((r) => r.usage.inputTokens)).toEqual([10_122, 10_122]);
    for (const response of responses) {
      expect(response.costUsd).toBeCloseTo(
        catalog.costOf(response.usage, 'openai', 'gpt-4o-mini'),
        15,
      );
    }
    // 9,984 of the second call's tokens are priced at the cached rate (half the input rate).
    const [first, second] = responses.map((r) => r.costUsd) as [number, number];
    expect(first).toBeCloseTo((10_122 * 0.15 + 1 * 0.6) / 1e6, 15);
    expect(second).toBeCloseTo((138 * 0.15 + 9_984 * 0.075 + 1 * 0.6) / 1e6, 15);
  },

  'openai-error.1.json': async () => {
    const error = await expectErrorBoth('openai-error.1.json', 429);
    expect(error).toMatchObject({ kind: 'rate_limited', retryable: false, status: 429 });
    expect(error.message).toContain('You exceeded your current quota');
  },

  'reasoning-model-legacy-parameter-error.json': async () => {
    const error = await expectErrorBoth('reasoning-model-legacy-parameter-error.json', 400);
    expect(error).toMatchObject({ kind: 'invalid_request', retryable: false, status: 400 });
    expect(error.message).toContain("Unsupported parameter: 'max_tokens'");
  },

  'a247c49c5fcd492bfb7a02a3306ad615ed8d8f649888ebfddfbc3ee151f44d46.bin': async () => {
    const bin = read('a247c49c5fcd492bfb7a02a3306ad615ed8d8f649888ebfddfbc3ee151f44d46.bin');
    const seen = await events(
      modelServing('gpt-4o', { status: 200, body: bin, stream: true }).model,
    );
    const finish = expectWellFormed(seen);
    const fragments = seen.filter((e) => e.type === 'tool-call-delta');
    expect(fragments.map((e) => e.argumentsDelta).join('')).toBe(
      '{"city":"San Francisco","state":"CA"}',
    );
    expect(fragments.every((e) => e.toolCallId === 'call_CTf1nWJLqSeRgDqaCG27xZ74')).toBe(true);
    expect(seen.filter((e) => e.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call_CTf1nWJLqSeRgDqaCG27xZ74',
        toolName: 'get_weather',
        arguments: { city: 'San Francisco', state: 'CA' },
      },
    ]);
    expect(finish).toMatchObject({
      finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      usage: { inputTokens: 48, outputTokens: 19 },
    });
    expect(finish.costUsd).toBeCloseTo((48 * 2.5 + 19 * 10) / 1e6, 15);
  },

  'f82268f2fefd5cfbc7eeb59c297688be2f6ca0849a6e4f17851b517310841d9b.bin': async () => {
    const bin = read('f82268f2fefd5cfbc7eeb59c297688be2f6ca0849a6e4f17851b517310841d9b.bin');
    const served = { status: 200, body: bin, stream: true };
    const seen = await events(modelServing('gpt-4o', served).model);
    const finish = expectWellFormed(seen);
    const expected = recordedToolCalls(bin);
    expect(expected).toHaveLength(2);
    expect(
      seen.flatMap((e) =>
        e.type === 'tool-call' ? [[e.toolCallId, e.toolName, e.arguments]] : [],
      ),
    ).toEqual(expected);
    expect(finish).toMatchObject({
      finishReason: { unified: 'tool-calls' },
      usage: { inputTokens: 149, outputTokens: 60 },
    });
    const collected = await collectStream(
      modelServing('gpt-4o', served).model.stream({ messages: [{ role: 'user', content: 'x' }] }),
    );
    expect(collected.content.map((part) => part.type)).toEqual(['tool-call', 'tool-call']);
  },
};

describe('recorded OpenAI responses through the SDK', () => {
  it('has a case for every recording', () => {
    expect(Object.keys(cases).sort()).toEqual(recordings);
  });

  it.each(recordings)('parses %s', async (name) => {
    const run = cases[name];
    if (!run) throw new Error(`no case for the recording ${name}`);
    await run();
  });
});
