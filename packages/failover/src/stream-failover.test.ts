import { type LanguageModel, nextReady, type StreamEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createFailover } from './failover-model.js';
import { drive, plan, setup, toArray, typesOf } from './test-support.js';

/** A layer over a model whose streams stop without their `finish` event, as a cut connection does. */
const withoutFinish = (model: LanguageModel): LanguageModel => ({
  provider: model.provider,
  modelId: model.modelId,
  generate: (request) => model.generate(request),
  async *stream(request) {
    for await (const event of model.stream(request)) if (event.type !== 'finish') yield event;
  },
});

/** A layer over a model whose streams hold all their events at once, as one read brings many. */
const atOnce = (model: LanguageModel): LanguageModel => ({
  provider: model.provider,
  modelId: model.modelId,
  generate: (request) => model.generate(request),
  stream(request) {
    const events: StreamEvent[] = [];
    let at = 0;
    let filled: Promise<void> | undefined;
    const fill = async () => {
      for await (const event of model.stream(request)) events.push(event);
    };
    const take = (): IteratorYieldResult<StreamEvent> | undefined =>
      at < events.length ? { done: false, value: events[at++]! } : undefined;
    const iterator = {
      async next(): Promise<IteratorResult<StreamEvent, undefined>> {
        filled ??= fill();
        await filled;
        return take() ?? { done: true, value: undefined };
      },
      nextReady: () => (filled ? take() : undefined),
    };
    return { [Symbol.asyncIterator]: () => iterator };
  },
});

const only = <T extends StreamEvent['type']>(events: StreamEvent[], type: T) =>
  events.filter((e): e is Extract<StreamEvent, { type: T }> => e.type === type);

describe('createFailover: stream', () => {
  it('fails over transparently before the first token: one start, one finish', async () => {
    const { stream, a } = setup({ retry: { maxAttempts: 1 } });
    a.enqueue({ error: 'overloaded' });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'finish']);
    expect(only(events, 'start')[0]).toMatchObject({ provider: 'beta', model: 'b-medium' });
    expect(only(events, 'text-delta')[0]?.delta).toBe('b-medium');
    expect(only(events, 'finish')[0]?.trace.attempts.map((x) => [x.provider, x.outcome])).toEqual([
      ['alpha', 'error'],
      ['beta', 'success'],
    ]);
  });

  it('holds back the start of a stream that breaks before content, so the caller sees one', async () => {
    const { stream, a } = setup({ retry: { maxAttempts: 1 } });
    a.enqueue({ text: 'never seen', error: 'server_error', errorAfterChunks: 0 });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'finish']);
    expect(only(events, 'start')[0]?.provider).toBe('beta');
  });

  it('after content reached the caller, ends with a typed error event rather than failing over', async () => {
    const { stream, a, b, events: observed } = setup();
    a.enqueue({ text: 'hello world', chunkSize: 5, error: 'network', errorAfterChunks: 1 });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'error']);
    const [end] = only(events, 'error');
    expect(end?.error).toMatchObject({
      kind: 'network',
      attempts: [
        expect.objectContaining({ provider: 'alpha', outcome: 'error', errorKind: 'network' }),
      ],
    });
    expect(b.calls).toHaveLength(0);
    expect(observed.of('attempt-end').map((e) => e.record.errorKind)).toEqual(['network']);
  });

  it('never ends silently: a stream cut before its finish ends with an error event', async () => {
    const { clock, a, events: observed } = setup();
    const failover = createFailover({
      models: [withoutFinish(a)],
      clock,
      observer: observed.observer,
    });
    const events = await drive(
      clock,
      toArray(failover.stream({ messages: [{ role: 'user', content: 'hi' }] })),
    );
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'error']);
    expect(only(events, 'error')[0]?.error).toMatchObject({
      kind: 'server_error',
      message: 'alpha:a-small: the stream ended without a finish event',
    });
  });

  it('fails over from a stream that ends before any content', async () => {
    const { clock, a, b } = setup();
    a.setScript({ text: '' });
    const failover = createFailover({
      models: [withoutFinish(a), b],
      clock,
      retry: { maxAttempts: 1 },
    });
    const events = await drive(
      clock,
      toArray(failover.stream({ messages: [{ role: 'user', content: 'hi' }] })),
    );
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'finish']);
    expect(only(events, 'start')[0]?.provider).toBe('beta');
  });

  it('when every candidate fails before content, yields one error event and no start', async () => {
    const { stream, a, b, c } = setup({ retry: { maxAttempts: 1 } });
    for (const model of [a, b, c]) model.setScript({ error: 'overloaded' });
    const events = await stream();
    expect(typesOf(events)).toEqual(['error']);
    expect(only(events, 'error')[0]?.error).toMatchObject({
      kind: 'all_attempts_failed',
      attempts: [expect.anything(), expect.anything(), expect.anything()],
    });
  });

  it('puts the plan and every attempt on the finish event', async () => {
    const { stream } = setup();
    const route = plan('gamma:c-large', 'alpha:a-small');
    const [finish] = only(await stream({ route }), 'finish');
    expect(finish?.trace).toMatchObject({
      routeReason: 'test plan',
      plan: route.candidates,
      attempts: [expect.objectContaining({ provider: 'gamma', outcome: 'success' })],
    });
  });

  it('streams an empty answer as one start and one finish', async () => {
    const { stream, a } = setup();
    a.enqueue({ text: '' });
    expect(typesOf(await stream())).toEqual(['start', 'finish']);
  });

  it('commits on a tool call as on text', async () => {
    const { stream, a } = setup();
    a.enqueue({ toolCalls: [{ name: 'lookup', arguments: { q: 'x' } }] });
    expect(typesOf(await stream())).toEqual(['start', 'tool-call-delta', 'tool-call', 'finish']);
  });

  it('cancels the call when the caller stops reading, and leaves nothing behind', async () => {
    const { failover, clock, a, events: observed } = setup();
    a.enqueue({ text: 'one two three', chunkSize: 4, chunkDelayMs: 100 });
    const iterator = failover
      .stream({ messages: [{ role: 'user', content: 'hi' }] })
      [Symbol.asyncIterator]();
    expect((await drive(clock, iterator.next())).value).toMatchObject({ type: 'start' });
    expect((await drive(clock, iterator.next())).value).toMatchObject({ type: 'text-delta' });
    await iterator.return?.();
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(observed.of('attempt-end').map((e) => e.record.errorKind)).toEqual(['cancelled']);
    expect(clock.pending()).toBe(0);
  });

  it('ends with a cancelled error event when the caller aborts mid-stream', async () => {
    const { failover, clock, a } = setup();
    a.enqueue({ text: 'one two three', chunkSize: 4, chunkDelayMs: 100 });
    const caller = new AbortController();
    const events: StreamEvent[] = [];
    const reading = (async () => {
      for await (const event of failover.stream({
        messages: [{ role: 'user', content: 'hi' }],
        signal: caller.signal,
      })) {
        events.push(event);
        if (event.type === 'text-delta') caller.abort();
      }
    })();
    await drive(clock, reading);
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'error']);
    expect(only(events, 'error')[0]?.error.kind).toBe('cancelled');
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('turns a bad route plan into an error event, never a throw', async () => {
    const { stream } = setup();
    const events = await stream({ route: plan('omega:z') });
    expect(typesOf(events)).toEqual(['error']);
    expect(only(events, 'error')[0]?.error.kind).toBe('not_found');
  });

  it('hands out at once the events its stream holds, and its finish through a read', async () => {
    const { clock, a } = setup();
    a.enqueue({ text: 'one two three', chunkSize: 4 });
    const failover = createFailover({ models: [atOnce(a)], clock });
    const iterator = failover
      .stream({ messages: [{ role: 'user', content: 'hi' }] })
      [Symbol.asyncIterator]();
    const first = await drive(clock, iterator.next());
    const atHand: StreamEvent[] = [];
    for (let ready = nextReady(iterator); ready; ready = nextReady(iterator)) {
      atHand.push(ready.value);
    }
    const last = await drive(clock, iterator.next());
    expect(first.value).toMatchObject({ type: 'start', provider: 'alpha' });
    expect(typesOf(atHand)).toEqual(['text-delta', 'text-delta', 'text-delta', 'text-delta']);
    expect(last.value).toMatchObject({
      type: 'finish',
      trace: { attempts: [expect.objectContaining({ provider: 'alpha', outcome: 'success' })] },
    });
    expect((await iterator.next()).done).toBe(true);
    expect(clock.pending()).toBe(0);
  });
});
