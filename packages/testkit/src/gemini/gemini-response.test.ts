import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ResolvedReply } from '../simulator/types.js';
import {
  countTokensBody,
  geminiUsageMetadata,
  generateContentBody,
  streamChunks,
} from './gemini-response.js';

const RECORDED = fileURLToPath(new URL('../../../../fixtures/recorded/google/', import.meta.url));
const recorded = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(`${RECORDED}/${name}`, 'utf8'));
const recordedChunks = (name: string): Array<Record<string, unknown>> =>
  readFileSync(`${RECORDED}/${name}`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));

const reply = (change: Partial<ResolvedReply> = {}): ResolvedReply => ({
  id: 'resp-1',
  model: 'gemini-2.5-flash',
  text: 'There are three r letters.',
  toolCalls: [],
  finishReason: 'stop',
  usage: {
    inputTokens: 9,
    outputTokens: 40,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 30,
  },
  chunkSize: 8,
  ...change,
});

/** The object keys of a value, recursively, as sorted paths: the shape, without the values. */
const shape = (value: unknown, path = ''): string[] => {
  if (Array.isArray(value)) return value.length > 0 ? shape(value[0], `${path}[]`) : [`${path}[]`];
  if (typeof value !== 'object' || value === null) return [path];
  return Object.entries(value)
    .flatMap(([key, child]) => shape(child, `${path}.${key}`))
    .sort();
};

/** Fields of the recordings that the simulator does not make: thought signatures. */
const withoutSignatures = (paths: string[]) => paths.filter((p) => !p.includes('thoughtSignature'));

const parsed = (frame: { data: string }) => JSON.parse(frame.data);

describe('generateContentBody', () => {
  it('has the shape of the recorded text answer', () => {
    expect(shape(generateContentBody(reply()))).toEqual(
      withoutSignatures(shape(recorded('google-text.json'))),
    );
  });

  it('has the shape of the recorded function call, finishMessage included', () => {
    const body = generateContentBody(
      reply({
        text: '',
        toolCalls: [{ id: 'c1', name: 'weather', arguments: { location: 'San Francisco' } }],
        finishReason: 'tool-calls',
      }),
    );
    expect(shape(body)).toEqual(withoutSignatures(shape(recorded('google-tool-call.json'))));
    expect(body.candidates[0]).toMatchObject({
      content: {
        parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } } }],
      },
      finishReason: 'STOP',
    });
  });

  it('maps finish reasons and blocks without content', () => {
    expect(generateContentBody(reply({ finishReason: 'length' })).candidates[0]?.finishReason).toBe(
      'MAX_TOKENS',
    );
    const blocked = generateContentBody(reply({ text: '', finishReason: 'content-filter' }));
    expect(blocked.candidates[0]).toEqual({
      finishReason: 'SAFETY',
      index: 0,
      safetyRatings: [
        { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
      ],
    });
  });
});

describe('geminiUsageMetadata', () => {
  it('reports thoughts apart from candidates and cached tokens inside the prompt count', () => {
    const usage = {
      inputTokens: 3000,
      outputTokens: 50,
      cacheReadTokens: 2048,
      cacheWriteTokens: 0,
      reasoningTokens: 20,
    };
    expect(geminiUsageMetadata(usage)).toEqual({
      promptTokenCount: 3000,
      candidatesTokenCount: 30,
      totalTokenCount: 3050,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 3000 }],
      cachedContentTokenCount: 2048,
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 2048 }],
      thoughtsTokenCount: 20,
    });
  });

  it('leaves out the thought and cache counts when there are none', () => {
    const usage = {
      inputTokens: 5,
      outputTokens: 2,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    expect(Object.keys(geminiUsageMetadata(usage))).toEqual([
      'promptTokenCount',
      'candidatesTokenCount',
      'totalTokenCount',
      'promptTokensDetails',
    ]);
  });
});

describe('streamChunks', () => {
  it('streams text in chunkSize pieces, then closes with an empty text and the final usage', () => {
    const frames = streamChunks(reply({ text: 'abcdefghij', chunkSize: 4 }));
    const chunks = frames.map(parsed);
    expect(chunks.map((c) => c.candidates[0].content?.parts[0].text)).toEqual([
      'abcd',
      'efgh',
      'ij',
      '',
    ]);
    expect(frames.map((f) => f.content)).toEqual([true, true, true, false]);
    expect(chunks.map((c) => c.candidates[0].finishReason)).toEqual([
      undefined,
      undefined,
      undefined,
      'STOP',
    ]);
    expect(chunks.map((c) => c.usageMetadata.candidatesTokenCount)).toEqual([4, 8, 10, 10]);
    expect(chunks.at(-1).usageMetadata).toEqual(geminiUsageMetadata(reply().usage));
    expect(
      chunks.every((c) => c.responseId === 'resp-1' && c.modelVersion === 'gemini-2.5-flash'),
    ).toBe(true);
  });

  it('has the shape of the recorded text stream', () => {
    const chunks = streamChunks(reply()).map(parsed);
    const recordedStream = recordedChunks('google-text.chunks.txt');
    expect(shape(chunks[0])).toEqual(shape(recordedStream[0]));
    expect(shape(chunks.at(-1))).toEqual(withoutSignatures(shape(recordedStream.at(-1))));
  });

  it('sends each function call whole, as the recorded tool-call stream does', () => {
    const call = { id: 'c1', name: 'weather', arguments: { location: 'San Francisco' } };
    const frames = streamChunks(reply({ text: '', toolCalls: [call], finishReason: 'tool-calls' }));
    const recordedStream = recordedChunks('google-tool-call.chunks.txt');
    expect(frames.map(parsed).map((c) => shape(c))).toEqual(
      recordedStream.map((c) => withoutSignatures(shape(c))),
    );
    expect(parsed(frames[0]!).candidates[0].content.parts[0]).toEqual({
      functionCall: { name: 'weather', args: { location: 'San Francisco' } },
    });
  });

  it('closes a blocked answer with SAFETY and no content', () => {
    const last = parsed(streamChunks(reply({ finishReason: 'content-filter' })).at(-1)!);
    expect(last.candidates[0]).toMatchObject({ finishReason: 'SAFETY', index: 0 });
    expect(last.candidates[0].content).toBeUndefined();
  });
});

describe('countTokensBody', () => {
  it('answers totalTokens with the per-modality detail', () => {
    expect(countTokensBody(12)).toEqual({
      totalTokens: 12,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
    });
  });
});
