import { inspect } from 'node:util';
import { type ErrorKind, LlmuxError } from '@llmux/core';
import { expect } from 'vitest';
import type { Fault } from '../simulator/faults.js';
import { defineCases } from './conformance-case.js';
import { ask, type ConformanceContext, drain, expectBrokenStream } from './conformance-context.js';
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

/** Everything an error shows: its JSON (what logs get), message, stack, and as printed (its cause too). */
const shown = (error: LlmuxError) =>
  JSON.stringify({ ...error.toJSON(), message: error.message, stack: error.stack }) +
  inspect(error, { depth: 8 });

/** The adapter's own timeout, and the simulator's delay well past it (see the timeout case). */
const TIMEOUT_MS = 100;
const LATE_MS = 3000;

export const errorCases = (ctx: ConformanceContext) =>
  defineCases('errors', (it) => {
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

    for (const [name, fault, kind, retryable] of cases) {
      it(`maps ${name} to ${kind} in generate and in stream`, async () => {
        ctx.sim().fault({ fault, times: 2 });
        const error = await failure(ctx.model().generate(ask('hello')));
        expect(error).toMatchObject({ kind, retryable, provider: ctx.provider });
        if (kind === 'rate_limited') expect(error.retryAfterMs).toBe(7000);
        if ('status' in fault) expect(error.status).toBe(fault.status);

        const events = await drain(ctx.model().stream(ask('hello')));
        expect(events.some((e) => e.type === 'finish')).toBe(false);
        const last = events.at(-1);
        expect(last?.type).toBe('error');
        if (last?.type === 'error') expect(last.error).toMatchObject({ kind, retryable });
      });
    }

    it('never lets the API key into an error, even one that echoes it', async () => {
      const fault: Fault = {
        type: 'status',
        status: 401,
        message: `Incorrect API key provided: ${ctx.apiKey}. You can find your API key in your account.`,
      };
      ctx.sim().fault({ fault, times: 2 });
      const error = await failure(ctx.model().generate(ask('hello')));
      expect(error.kind).toBe('authentication');
      expect(shown(error)).not.toContain(ctx.apiKey);
      const last = (await drain(ctx.model().stream(ask('hello')))).at(-1);
      expect(last?.type).toBe('error');
      if (last?.type === 'error') expect(shown(last.error)).not.toContain(ctx.apiKey);
    });

    // The adapter's timer starts before the simulator's delay does, and both are real timers of
    // this process: the shorter always fires first, however busy the machine.
    it("fails with a timeout when the adapter's timeout passes, in generate and in stream", async () => {
      ctx.sim().configure({ latencyMs: LATE_MS });
      const model = ctx.model({ timeoutMs: TIMEOUT_MS });
      const error = await failure(model.generate(ask('hello')));
      expect(error).toMatchObject({ kind: 'timeout', retryable: true });
      const last = (await drain(model.stream(ask('hello')))).at(-1);
      expect(last).toMatchObject({ type: 'error', error: { kind: 'timeout', retryable: true } });
    });

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
        expectBrokenStream(await drain(ctx.model().stream(ask('hello'))), kinds);
      });
    }
  });
