import type { GenerateContentResponse } from '@google/genai';
import { createManualClock, type StreamEvent, sequentialIds, startCallTimer } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createGeminiStreamMapper } from './gemini-stream-mapper.js';

const setup = () => {
  const clock = createManualClock(1000);
  const timer = startCallTimer(clock);
  const mapper = createGeminiStreamMapper({
    provider: 'gemini',
    modelId: 'gemini-2.5-flash',
    warnings: [],
    pricing: { costOf: (usage) => usage.inputTokens / 1000 },
    ids: sequentialIds('call'),
    timer,
  });
  /** Pushes a chunk as a stream does: each event passes the timer on its way out. */
  const stream = (response: GenerateContentResponse) => {
    const events = mapper.push(response);
    for (const event of events) timer.observe(event);
    return events;
  };
  return { mapper, clock, stream };
};

const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
  ({
    candidates: [{ content: { role: 'model', parts }, index: 0 }],
    responseId: 'r1',
    ...extra,
  }) as GenerateContentResponse;

const finished = (reason: string, usageMetadata?: unknown) =>
  ({
    candidates: [
      { content: { role: 'model', parts: [{ text: '' }] }, finishReason: reason, index: 0 },
    ],
    usageMetadata,
  }) as GenerateContentResponse;

describe('createGeminiStreamMapper', () => {
  it('starts with the response id and model, streams text, and finishes with usage and cost', async () => {
    const { mapper, clock, stream } = setup();
    const events: StreamEvent[] = [];
    await clock.advance(30);
    events.push(
      ...stream(
        chunk([{ text: 'Hel' }], { responseId: 'r1', modelVersion: 'gemini-2.5-flash-001' }),
      ),
    );
    await clock.advance(50);
    events.push(...stream(chunk([{ text: 'lo' }])));
    events.push(...stream(finished('STOP', { promptTokenCount: 2000, candidatesTokenCount: 2 })));
    await clock.advance(10);
    events.push(...mapper.end());
    expect(events).toEqual([
      { type: 'start', id: 'r1', provider: 'gemini', model: 'gemini-2.5-flash-001', warnings: [] },
      { type: 'text-delta', delta: 'Hel' },
      { type: 'text-delta', delta: 'lo' },
      {
        type: 'finish',
        finishReason: { unified: 'stop', raw: 'STOP' },
        usage: {
          inputTokens: 2000,
          outputTokens: 2,
          cacheReadTokens: 0,
          cacheWriteTokens: 0,
          reasoningTokens: 0,
        },
        costUsd: 2,
        latencyMs: 90,
        timeToFirstTokenMs: 30,
        trace: { attempts: [] },
        providerMetadata: {
          gemini: { usageMetadata: { promptTokenCount: 2000, candidatesTokenCount: 2 } },
        },
      },
    ]);
  });

  it('emits a whole function call as one arguments delta and the call, with a made-up id', () => {
    const { mapper } = setup();
    const events = [
      ...mapper.push(chunk([{ functionCall: { name: 'weather', args: { city: 'Paris' } } }])),
      ...mapper.push(chunk([{ functionCall: { id: 'given', name: 'time', args: {} } }])),
      ...mapper.push(finished('STOP')),
      ...mapper.end(),
    ];
    expect(events.slice(1, 5)).toEqual([
      {
        type: 'tool-call-delta',
        toolCallId: 'call-1',
        toolName: 'weather',
        argumentsDelta: '{"city":"Paris"}',
      },
      {
        type: 'tool-call',
        toolCallId: 'call-1',
        toolName: 'weather',
        arguments: { city: 'Paris' },
      },
      { type: 'tool-call-delta', toolCallId: 'given', toolName: 'time', argumentsDelta: '{}' },
      { type: 'tool-call', toolCallId: 'given', toolName: 'time', arguments: {} },
    ]);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool-calls', raw: 'STOP' },
    });
  });

  it('assembles streamed arguments (partialArgs) and closes the call on the empty functionCall', () => {
    const { mapper } = setup();
    const events = [
      ...mapper.push(chunk([{ functionCall: { name: 'getWeather', willContinue: true } }])),
      ...mapper.push(
        chunk([
          {
            functionCall: {
              partialArgs: [{ jsonPath: '$.location', stringValue: 'Bos', willContinue: true }],
              willContinue: true,
            },
          },
        ]),
      ),
      ...mapper.push(
        chunk([
          {
            functionCall: {
              partialArgs: [{ jsonPath: '$.location', stringValue: 'ton' }],
              willContinue: true,
            },
          },
        ]),
      ),
    ];
    expect(events.filter((e) => e.type === 'tool-call')).toEqual([]);
    events.push(
      ...mapper.push(chunk([{ functionCall: {} }])),
      ...mapper.push(finished('STOP')),
      ...mapper.end(),
    );
    expect(events.filter((e) => e.type === 'tool-call')).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'call-1',
        toolName: 'getWeather',
        arguments: { location: 'Boston' },
      },
    ]);
  });

  it('keeps thoughts out of the text, as reasoning deltas and a reasoning part', () => {
    const { mapper } = setup();
    const events = [
      ...mapper.push(chunk([{ text: 'thinking…', thought: true }, { text: 'hello' }])),
      ...mapper.push(
        finished('STOP', { promptTokenCount: 6, candidatesTokenCount: 1, thoughtsTokenCount: 76 }),
      ),
      ...mapper.end(),
    ];
    expect(events.filter((e) => e.type === 'text-delta')).toEqual([
      { type: 'text-delta', delta: 'hello' },
    ]);
    expect(events.filter((e) => e.type.startsWith('reasoning'))).toEqual([
      { type: 'reasoning-delta', delta: 'thinking…' },
      { type: 'reasoning', text: 'thinking…', provider: 'gemini' },
    ]);
    expect(events.at(-1)).toMatchObject({ usage: { outputTokens: 77, reasoningTokens: 76 } });
    expect(events.at(-1)).not.toHaveProperty('providerMetadata.gemini.thoughts');
  });

  it('ends with content_filtered when the prompt was blocked', () => {
    const { mapper } = setup();
    const events = mapper.push({
      promptFeedback: { blockReason: 'PROHIBITED_CONTENT' },
      usageMetadata: { promptTokenCount: 9 },
    } as GenerateContentResponse);
    expect(events.map((e) => e.type)).toEqual(['start', 'error']);
    expect(events[1]).toMatchObject({ error: { kind: 'content_filtered' } });
    expect(mapper.end()).toEqual([]);
  });

  it('never ends silently: no finish reason is a retryable server_error', () => {
    const { mapper } = setup();
    mapper.push(chunk([{ text: 'cut' }]));
    expect(() => mapper.end()).toThrow(
      expect.objectContaining({
        kind: 'server_error',
        retryable: true,
        message: 'The gemini stream ended before its finish reason',
      }),
    );
  });

  it('gives a plain call no time to first token, and adds the pricing warning to the start', () => {
    const clock = createManualClock(0);
    const mapper = createGeminiStreamMapper({
      provider: 'gemini',
      modelId: 'gemini-new',
      warnings: [{ type: 'other', message: 'from the request' }],
      pricing: { costOf: () => 0, warning: { type: 'other', message: 'no price' } },
      ids: sequentialIds('id'),
      timer: startCallTimer(clock),
    });
    const events = [...mapper.push(finished('MAX_TOKENS')), ...mapper.end()];
    expect(events[0]).toMatchObject({
      type: 'start',
      id: 'id-1',
      model: 'gemini-new',
      warnings: [
        { type: 'other', message: 'from the request' },
        { type: 'other', message: 'no price' },
      ],
    });
    expect(events.at(-1)).not.toHaveProperty('timeToFirstTokenMs');
    expect(events.at(-1)).toMatchObject({ finishReason: { unified: 'length' } });
  });
});
