import { type StreamEvent, toolCallsOf } from '@llmux/core';
import { expect, vi } from 'vitest';
import { defineCases } from './conformance-case.js';
import { ask, type ConformanceContext, drain, expectBrokenStream } from './conformance-context.js';

export const streamCases = (ctx: ConformanceContext) =>
  defineCases('stream', (it) => {
    it('streams start, text deltas and one finish with usage and cost', async () => {
      ctx
        .sim()
        .configure({ reply: { text: 'All five replicas are healthy again.' }, chunkSize: 5 });
      const events = await drain(ctx.model().stream(ask('Status?')));
      expect(events[0]).toMatchObject({ type: 'start', provider: ctx.provider });
      const deltas = events.filter((e) => e.type === 'text-delta');
      expect(deltas.length).toBeGreaterThan(3);
      expect(deltas.map((e) => e.delta).join('')).toBe('All five replicas are healthy again.');
      const finish = events.at(-1);
      expect(finish?.type).toBe('finish');
      if (finish?.type !== 'finish') return;
      expect(finish.finishReason.unified).toBe('stop');
      expect(finish.usage.outputTokens).toBeGreaterThan(0);
      expect(finish.costUsd).toBeCloseTo(ctx.costOf(finish.usage), 12);
      expect(events.filter((e) => e.type === 'finish' || e.type === 'start')).toHaveLength(2);
    });

    it('streams tool calls with argument fragments and the completed call', async () => {
      ctx.sim().configure({
        reply: {
          toolCalls: [
            {
              name: 'restart',
              arguments: { service: 'checkout', region: 'eu-west-1', force: true },
            },
          ],
        },
        chunkSize: 6,
      });
      const events = await drain(
        ctx.model().stream(
          ask('Restart checkout', {
            tools: [{ name: 'restart', parameters: { type: 'object', properties: {} } }],
          }),
        ),
      );
      const fragments = events.filter((e) => e.type === 'tool-call-delta');
      const completed = events.filter((e) => e.type === 'tool-call');
      expect(completed).toHaveLength(1);
      expect(completed[0]).toMatchObject({
        toolName: 'restart',
        arguments: { service: 'checkout', region: 'eu-west-1', force: true },
      });
      if (fragments.length > 0) {
        expect(JSON.parse(fragments.map((e) => e.argumentsDelta).join(''))).toEqual({
          service: 'checkout',
          region: 'eu-west-1',
          force: true,
        });
      }
      expect(events.at(-1)).toMatchObject({
        type: 'finish',
        finishReason: { unified: 'tool-calls' },
      });
    });

    it('collects streamed tool calls like generate', async () => {
      ctx
        .sim()
        .configure({ reply: { toolCalls: [{ name: 'page_oncall', arguments: { team: 'db' } }] } });
      const request = ask('Page someone', {
        tools: [{ name: 'page_oncall', parameters: { type: 'object', properties: {} } }],
      });
      const generated = await ctx.model().generate(request);
      expect(toolCallsOf(generated)).toMatchObject([
        { toolName: 'page_oncall', arguments: { team: 'db' } },
      ]);
    });

    it('stops a stream at once when aborted mid-way, and frees the connection', async () => {
      ctx.sim().configure({ reply: { text: 'x'.repeat(400) }, chunkSize: 4, chunkIntervalMs: 20 });
      const controller = new AbortController();
      const events: StreamEvent[] = [];
      for await (const event of ctx
        .model()
        .stream(ask('long answer', { signal: controller.signal }))) {
        events.push(event);
        if (event.type === 'text-delta' && events.length === 3) controller.abort();
      }
      const last = events.at(-1);
      expect(last?.type).toBe('error');
      if (last?.type === 'error') expect(last.error.kind).toBe('cancelled');
      expect(events.filter((e) => e.type === 'text-delta').length).toBeLessThan(20);
      await vi.waitFor(() => expect(ctx.sim().counters.inFlight).toBe(0), { timeout: 2000 });
    });

    it('cancels a call that has not answered yet', async () => {
      ctx.sim().fault({ type: 'hang' });
      const controller = new AbortController();
      const pending = ctx.model().generate(ask('hello', { signal: controller.signal }));
      await vi.waitFor(() => expect(ctx.sim().counters.inFlight).toBe(1));
      controller.abort();
      await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
      await vi.waitFor(() => expect(ctx.sim().counters.inFlight).toBe(0), { timeout: 2000 });
    });

    it('fails with a timeout when the signal times out', async () => {
      ctx.sim().fault({ type: 'hang' });
      await expect(
        ctx.model().generate(ask('hello', { signal: AbortSignal.timeout(100) })),
      ).rejects.toMatchObject({ kind: 'timeout', retryable: true });
    });

    it('frees the connection when the caller stops reading', async () => {
      // The second text frame would come a minute after the first: only the caller's leaving ends it.
      ctx
        .sim()
        .configure({ reply: { text: 'x'.repeat(400) }, chunkSize: 4, chunkIntervalMs: 60_000 });
      for await (const event of ctx.model().stream(ask('long answer'))) {
        if (event.type === 'text-delta') break;
      }
      await vi.waitFor(() => expect(ctx.sim().counters.inFlight).toBe(0), { timeout: 2000 });
    });

    it('ends with an error, never a finish, when the stream stops before its final event', async () => {
      ctx.sim().configure({ reply: { text: 'a'.repeat(80) }, chunkSize: 8 });
      ctx.truncateStreams();
      const events = await drain(ctx.model().stream(ask('hello')));
      expectBrokenStream(events, ['server_error', 'network']);
    });

    it('reads answers split across network reads', async () => {
      const reply = {
        text: 'The queue is backed up — 12 consumers are stuck. ✅',
        toolCalls: [{ name: 'restart', arguments: { service: 'queue', replicas: 12 } }],
        usage: { inputTokens: 321, outputTokens: 45 },
      };
      ctx.sim().configure({ reply, chunkSize: 3 });
      const request = ask('Why is the queue slow?', {
        tools: [{ name: 'restart', parameters: { type: 'object', properties: {} } }],
      });
      const model = ctx.model({ rechunked: true });
      const expected = {
        content: [
          { type: 'text', text: reply.text },
          { type: 'tool-call', toolName: 'restart', arguments: reply.toolCalls[0]!.arguments },
        ],
        usage: { ...reply.usage, cacheReadTokens: 0, cacheWriteTokens: 0 },
      };
      expect(await model.generate(request)).toMatchObject(expected);
      const events = await drain(model.stream(request));
      expect(events.at(-1)).toMatchObject({ type: 'finish', usage: expected.usage });
      expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.delta] : [])).join('')).toBe(
        reply.text,
      );
      expect(events.filter((e) => e.type === 'tool-call')).toMatchObject([
        { toolName: 'restart', arguments: reply.toolCalls[0]!.arguments },
      ]);
    });
  });
