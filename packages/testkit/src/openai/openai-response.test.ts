import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ResolvedReply, SimRequest } from '../simulator/types.js';
import { parseOpenAIRequest } from './openai-request.js';
import { completionBody, completionChunks, openaiUsage } from './openai-response.js';

const recorded = new URL('../../../../fixtures/recorded/openai/', import.meta.url);
const readRecording = (name: string) => readFileSync(new URL(name, recorded), 'utf8');

type Json = Record<string, unknown>;

/** The key structure of a JSON value, so shapes can be compared without the values. */
const shape = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== 'obfuscation')
        .map(([key, v]) => [key, shape(v)]),
    );
  }
  return typeof value;
};

const reply = (overrides: Partial<ResolvedReply> = {}): ResolvedReply => ({
  id: 'chatcmpl-01sim',
  model: 'gpt-5-mini',
  text: 'Hello there, world.',
  toolCalls: [],
  finishReason: 'stop',
  usage: {
    inputTokens: 16,
    outputTokens: 5,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
  },
  ...overrides,
});

const request = (stream: boolean, includeUsage: boolean): SimRequest =>
  parseOpenAIRequest(
    {
      model: 'gpt-5-mini',
      messages: [{ role: 'user', content: 'hi' }],
      ...(stream ? { stream: true } : {}),
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    },
    {},
  );

const payloads = (frames: Array<{ data: string }>) =>
  frames.map((frame) => JSON.parse(frame.data) as Json);

const deltas = (frames: Array<{ data: string }>) =>
  payloads(frames).flatMap((chunk) =>
    (chunk.choices as Array<{ delta: Json }>).map((choice) => choice.delta),
  );

/** Recorded tool-call fragments `[index, arguments]` of a raw `.bin` SSE body. */
const recordedFragments = (bin: string) =>
  bin
    .split('\n\n')
    .map((event) => event.replace(/^data: /, '').trim())
    .filter((data) => data !== '' && data !== '[DONE]')
    .flatMap((data) => {
      const chunk = JSON.parse(data) as { choices: Array<{ delta: Json }> };
      return chunk.choices.flatMap(
        (choice) =>
          (choice.delta.tool_calls as
            | Array<{ index: number; function: { arguments: string } }>
            | undefined) ?? [],
      );
    });

describe('completionBody', () => {
  it('has the shape of the recorded chat.completion', () => {
    const recordedBody = JSON.parse(readRecording('openai-text.json'));
    expect(shape(completionBody(reply(), 1_700_000_000))).toEqual(shape(recordedBody));
  });

  it('renders the reply id, text, finish reason and created time', () => {
    const body = completionBody(reply(), 1_700_000_000);
    expect(body).toMatchObject({
      id: 'chatcmpl-01sim',
      object: 'chat.completion',
      created: 1_700_000_000,
      model: 'gpt-5-mini',
      choices: [
        { message: { role: 'assistant', content: 'Hello there, world.' }, finish_reason: 'stop' },
      ],
    });
    expect(body.choices[0]?.message).not.toHaveProperty('tool_calls');
  });

  it('renders tool calls with JSON-string arguments and a null content', () => {
    const body = completionBody(
      reply({
        text: '',
        finishReason: 'tool-calls',
        toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }],
      }),
      0,
    );
    expect(body.choices[0]).toMatchObject({
      message: {
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      finish_reason: 'tool_calls',
    });
  });

  it.each([
    ['length', 'length'],
    ['content-filter', 'content_filter'],
  ] as const)('maps finish reason %s to %s', (finishReason, raw) => {
    expect(completionBody(reply({ finishReason }), 0).choices[0]?.finish_reason).toBe(raw);
  });
});

describe('openaiUsage', () => {
  it('reports cached, cache-write and reasoning tokens inside the totals', () => {
    expect(
      openaiUsage({
        inputTokens: 10_122,
        outputTokens: 80,
        cacheReadTokens: 9_984,
        cacheWriteTokens: 100,
        reasoningTokens: 64,
      }),
    ).toEqual({
      prompt_tokens: 10_122,
      completion_tokens: 80,
      total_tokens: 10_202,
      prompt_tokens_details: { cached_tokens: 9_984, audio_tokens: 0, cache_write_tokens: 100 },
      completion_tokens_details: {
        reasoning_tokens: 64,
        audio_tokens: 0,
        accepted_prediction_tokens: 0,
        rejected_prediction_tokens: 0,
      },
    });
  });
});

describe('completionChunks', () => {
  it('has the shapes of the recorded stream, usage chunk last', () => {
    const lines = readRecording('openai-text.chunks.txt')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const frames = completionChunks(reply(), request(true, true), 0);
    const chunks = payloads(frames);
    expect(shape(chunks[0])).toEqual(shape(lines[0]));
    expect(shape(chunks[1])).toEqual(shape(lines[1]));
    expect(shape(chunks.at(-2))).toEqual(shape(lines.at(-2)));
    expect(shape(chunks.at(-1))).toEqual(shape(lines.at(-1)));
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 16 } });
  });

  it('streams the text in pieces of chunkSize characters', () => {
    const frames = completionChunks(reply({ chunkSize: 6 }), request(true, false), 0);
    const pieces = deltas(frames)
      .slice(1)
      .map((delta) => delta.content)
      .filter((content) => content !== undefined);
    expect(pieces).toEqual(['Hello ', 'there,', ' world', '.']);
    expect(deltas(frames)[0]).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(payloads(frames).at(-1)?.choices).toEqual([
      { index: 0, delta: {}, logprobs: null, finish_reason: 'stop' },
    ]);
  });

  it('leaves out usage entirely without stream_options.include_usage', () => {
    const chunks = payloads(completionChunks(reply(), request(true, false), 0));
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
  });

  it('marks only text and tool-call fragments as content, for pacing', () => {
    const frames = completionChunks(
      reply({ toolCalls: [{ id: 'call_1', name: 'f', arguments: { a: 1 } }] }),
      request(true, true),
      0,
    );
    const flags = frames.map((frame) => frame.content === true);
    expect(flags[0]).toBe(false);
    expect(flags.at(-1)).toBe(false);
    expect(flags.at(-2)).toBe(false);
    expect(flags.slice(1, -2).every(Boolean)).toBe(true);
  });

  it('streams tool-call arguments in indexed fragments shaped like the recorded ones', () => {
    const bin = readRecording(
      'a247c49c5fcd492bfb7a02a3306ad615ed8d8f649888ebfddfbc3ee151f44d46.bin',
    );
    const theirs = recordedFragments(bin);
    const frames = completionChunks(
      reply({
        text: '',
        finishReason: 'tool-calls',
        chunkSize: 4,
        toolCalls: [
          {
            id: 'call_CTf1nWJLqSeRgDqaCG27xZ74',
            name: 'get_weather',
            arguments: { city: 'San Francisco', state: 'CA' },
          },
        ],
      }),
      request(true, true),
      0,
    );
    const ours = deltas(frames).flatMap(
      (delta) => (delta.tool_calls as typeof theirs | undefined) ?? [],
    );
    // The first fragment names the call with empty arguments; the rest carry only index and text.
    expect(ours[0]).toEqual(theirs[0]);
    expect(ours.slice(1).map(shape)).toEqual(ours.slice(1).map(() => shape(theirs[1])));
    expect(ours.slice(1).map((f) => f.function.arguments)).toEqual([
      '{"ci',
      'ty":',
      '"San',
      ' Fra',
      'ncis',
      'co",',
      '"sta',
      'te":',
      '"CA"',
      '}',
    ]);
    const joined = (list: typeof theirs) => list.map((f) => f.function.arguments).join('');
    expect(joined(ours)).toBe(joined(theirs));
    expect(deltas(frames)[0]).toEqual({ role: 'assistant', content: null, refusal: null });
  });

  it('gives parallel tool calls their own index', () => {
    const frames = completionChunks(
      reply({
        text: '',
        finishReason: 'tool-calls',
        toolCalls: [
          { id: 'call_a', name: 'a', arguments: { x: 'one two' } },
          { id: 'call_b', name: 'b', arguments: {} },
        ],
      }),
      request(true, false),
      0,
    );
    const fragments = deltas(frames).flatMap(
      (delta) =>
        (delta.tool_calls as Array<{ index: number; function: { arguments: string } }>) ?? [],
    );
    const argumentsOf = (index: number) =>
      fragments
        .filter((fragment) => fragment.index === index)
        .map((fragment) => fragment.function.arguments)
        .join('');
    expect(argumentsOf(0)).toBe('{"x":"one two"}');
    expect(argumentsOf(1)).toBe('{}');
  });
});
