import { type ErrorKind, LlmuxError, type StreamEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../simulator/faults.js';
import { ask, type ConformanceContext } from './conformance-context.js';
import { contextLengthFaults } from './conformance-options.js';

const failure = async (promise: Promise<unknown>): Promise<LlmuxError> => {
  try {
    await promise;
  } catch (error) {
    expect(LlmuxError.isInstance(error)).toBe(true);
    return error as LlmuxError;
  }
  throw new Error('expected the call to fail');
};

const streamEvents = async (stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

export function errorCases(ctx: ConformanceContext): void {
  const provider = typeof ctx.options.provider === 'string' ? ctx.options.provider : undefined;
  const contextFault =
    ctx.options.contextLengthFault ?? (provider && contextLengthFaults[provider]);
  const cases: Array<[string, Fault, ErrorKind, boolean]> = [
    ['a 429 rate limit', { type: 'rate-limit', retryAfterSeconds: 7 }, 'rate_limited', true],
    ['an overload', { type: 'overloaded' }, 'overloaded', true],
    ['a 500', { type: 'status', status: 500 }, 'server_error', true],
    ['a 502', { type: 'status', status: 502 }, 'server_error', true],
    ['a 401', { type: 'status', status: 401 }, 'authentication', false],
    ['a 403', { type: 'status', status: 403 }, 'permission', false],
    ['a 404', { type: 'status', status: 404 }, 'not_found', false],
    [
      'a 400',
      { type: 'status', status: 400, message: 'messages: field required' },
      'invalid_request',
      false,
    ],
    ['a connection reset', { type: 'reset' }, 'network', true],
    ['a malformed body', { type: 'malformed' }, 'server_error', true],
  ];
  if (contextFault)
    cases.push(['a too-long prompt', contextFault, 'context_length_exceeded', false]);

  describe('errors before any output', () => {
    for (const [name, fault, kind, retryable] of cases) {
      it(`maps ${name} to ${kind} in generate and in stream`, async () => {
        ctx.sim().fault({ fault, times: 2 });
        const error = await failure(ctx.model().generate(ask('hello')));
        expect(error).toMatchObject({ kind, retryable, provider: ctx.provider });
        if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(7000);
        if ('status' in fault) expect(error.status).toBe(fault.status);

        const events = await streamEvents(ctx.model().stream(ask('hello')));
        expect(events.some((e) => e.type === 'finish')).toBe(false);
        const last = events.at(-1);
        expect(last?.type).toBe('error');
        if (last?.type === 'error') expect(last.error).toMatchObject({ kind, retryable });
      });
    }

    it('never lets the API key into an error', async () => {
      ctx.sim().fault({ type: 'status', status: 401 });
      const error = await failure(ctx.model().generate(ask('hello')));
      const seen = JSON.stringify({
        ...error.toJSON(),
        message: error.message,
        stack: error.stack,
      });
      expect(seen).not.toContain('sk-conformance-secret');
    });
  });

  describe('errors during a stream', () => {
    const midStream: Array<[string, Fault, ErrorKind[]]> = [
      [
        'the provider sends an error event',
        { type: 'stream-error', afterFrames: 3 },
        ['overloaded', 'server_error'],
      ],
      [
        'the connection is cut',
        { type: 'cut-stream', afterFrames: 3 },
        ['network', 'server_error'],
      ],
    ];
    for (const [name, fault, kinds] of midStream) {
      it(`ends with a typed error event when ${name} mid-stream`, async () => {
        ctx.sim().configure({ reply: { text: 'a'.repeat(80) }, chunkSize: 8 });
        ctx.sim().fault(fault);
        const events = await streamEvents(ctx.model().stream(ask('hello')));
        expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(0);
        expect(events.some((e) => e.type === 'finish')).toBe(false);
        const last = events.at(-1);
        expect(last?.type).toBe('error');
        if (last?.type === 'error') {
          expect(kinds).toContain(last.error.kind);
          expect(last.error.retryable).toBe(true);
        }
      });
    }
  });
}
