import type { StreamEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { drive, START, setup, typesOf } from './test-support.js';
import { requestDeadline, resolveTimeouts } from './timeouts.js';

describe('resolveTimeouts', () => {
  it('has defaults for each call and none for the whole request', () => {
    expect(resolveTimeouts(undefined)).toEqual({
      attemptMs: 60_000,
      firstTokenMs: 30_000,
      idleMs: 30_000,
      totalMs: undefined,
    });
  });

  it('rejects bad options, naming the field', () => {
    expect(() => resolveTimeouts({ attemptMs: 0 })).toThrow(/"timeouts\.attemptMs"/);
    expect(() => resolveTimeouts({ firstTokenMs: -1 })).toThrow(/"timeouts\.firstTokenMs"/);
    expect(() => resolveTimeouts({ totalMs: Number.NaN })).toThrow(/"timeouts\.totalMs"/);
    expect(() => resolveTimeouts([] as never)).toThrow(
      /"timeouts": expected an options object, got an array/,
    );
  });
});

describe('requestDeadline', () => {
  const request = (deadlineAt?: number) => ({ messages: [], deadlineAt });

  it('is the earlier of the request’s deadlineAt and totalMs from now', () => {
    expect(requestDeadline(request(), undefined, 1000)).toBe(Number.POSITIVE_INFINITY);
    expect(requestDeadline(request(), 500, 1000)).toBe(1500);
    expect(requestDeadline(request(1200), 500, 1000)).toBe(1200);
    expect(requestDeadline(request(9000), 500, 1000)).toBe(1500);
    expect(requestDeadline(request(9000), undefined, 1000)).toBe(9000);
  });

  it('refuses a deadlineAt that is not a time', () => {
    expect(() => requestDeadline(request(Number.NaN), undefined, 0)).toThrow(
      /request\.deadlineAt must be epoch milliseconds/,
    );
    expect(() => requestDeadline(request('soon' as never), undefined, 0)).toThrow(
      expect.objectContaining({ kind: 'invalid_request' }),
    );
  });
});

describe('createFailover: timeouts', () => {
  it('times out a call, cancels it, and moves on', async () => {
    const { generate, a, clock } = setup({
      timeouts: { attemptMs: 1000 },
      retry: { maxAttempts: 1 },
    });
    a.enqueue({ hang: true });
    const response = await generate();
    expect(response.provider).toBe('beta');
    expect(response.trace.attempts[0]).toMatchObject({
      provider: 'alpha',
      errorKind: 'timeout',
      latencyMs: 1000,
      message: 'alpha:a-small: no response within 1000 ms',
    });
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('retries a call that timed out', async () => {
    const { generate, a } = setup({ timeouts: { attemptMs: 1000 }, retry: { baseMs: 100 } });
    a.enqueue({ delayMs: 5000 });
    const response = await generate();
    expect(response.provider).toBe('alpha');
    expect(response.trace.attempts.map((x) => [x.attempt, x.startedAt, x.outcome])).toEqual([
      [1, START, 'error'],
      [2, START + 1050, 'success'],
    ]);
  });

  it('ends the whole request at its deadline with a timeout error listing the attempts', async () => {
    const { fails, a, b, clock } = setup({ timeouts: { attemptMs: 10_000, totalMs: 3000 } });
    a.enqueue({ delayMs: 5000 });
    const error = await fails();
    expect(error).toMatchObject({
      kind: 'timeout',
      message: 'request not done within 3000 ms',
      attempts: [
        expect.objectContaining({ provider: 'alpha', errorKind: 'timeout', latencyMs: 3000 }),
      ],
    });
    expect(clock.now()).toBe(START + 3000);
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(b.calls).toHaveLength(0);
    expect(clock.pending()).toBe(0);
  });

  it('does not start a retry the deadline would cut short: it moves on instead', async () => {
    const fits = setup({ timeouts: { totalMs: 1500 }, retry: { baseMs: 400 } });
    fits.a.enqueue({ error: 'overloaded', delayMs: 100 });
    expect((await fits.generate()).provider).toBe('alpha');
    // Half of 4000 ms of backoff would end past the deadline.
    const tight = setup({ timeouts: { totalMs: 1500 }, retry: { baseMs: 4000 } });
    tight.a.enqueue({ error: 'overloaded', delayMs: 100 });
    const moved = await tight.generate();
    expect(moved.provider).toBe('beta');
    expect(moved.trace.attempts[1]).toMatchObject({ provider: 'beta', startedAt: START + 100 });
    expect(tight.events.of('retry')).toEqual([]);
  });

  it('fails a stream over when its first token is late', async () => {
    const { stream, a, clock } = setup({
      timeouts: { firstTokenMs: 1000 },
      retry: { maxAttempts: 1 },
    });
    a.enqueue({ delayMs: 5000 });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'finish']);
    const finish = events.at(-1) as Extract<StreamEvent, { type: 'finish' }>;
    expect(finish.trace.attempts[0]).toMatchObject({
      errorKind: 'timeout',
      latencyMs: 1000,
      message: 'alpha:a-small: no first token within 1000 ms',
    });
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('ends a stream that goes idle after content with a timeout error event', async () => {
    const { stream, a, clock } = setup({ timeouts: { idleMs: 1000 } });
    a.enqueue({ text: 'aaaaabbbbb', chunkSize: 5, chunkDelayMs: 5000 });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'error']);
    expect((events.at(-1) as Extract<StreamEvent, { type: 'error' }>).error).toMatchObject({
      kind: 'timeout',
      message: 'alpha:a-small: no stream event within 1000 ms',
    });
    expect(clock.now()).toBe(START + 1000);
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('does not count a slow reader as an idle provider', async () => {
    const { failover, a, clock } = setup({ timeouts: { idleMs: 1000 } });
    a.enqueue({ text: 'aaaaabbbbb', chunkSize: 5 });
    const iterator = failover
      .stream({ messages: [{ role: 'user', content: 'hi' }] })
      [Symbol.asyncIterator]();
    const types: string[] = [];
    for (;;) {
      const next = await drive(clock, iterator.next());
      if (next.done) break;
      types.push(next.value.type);
      await clock.advance(5000);
    }
    expect(types).toEqual(['start', 'text-delta', 'text-delta', 'finish']);
    expect(clock.pending()).toBe(0);
  });

  it('bounds a whole stream by the request deadline', async () => {
    const { stream, a } = setup({ timeouts: { idleMs: 1000, totalMs: 2000 } });
    a.enqueue({ text: 'abcdefghij', chunkSize: 2, chunkDelayMs: 800 });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'text-delta', 'text-delta', 'error']);
    expect((events.at(-1) as Extract<StreamEvent, { type: 'error' }>).error).toMatchObject({
      kind: 'timeout',
      message: 'request not done within 2000 ms',
    });
  });

  it('ends the request at the request’s own deadlineAt when it comes first', async () => {
    const { fails, a, clock } = setup({ timeouts: { totalMs: 10_000 } });
    a.enqueue({ hang: true });
    const error = await fails({ deadlineAt: START + 2000 });
    expect(error).toMatchObject({
      kind: 'timeout',
      message: 'request not done within 2000 ms',
      attempts: [expect.objectContaining({ provider: 'alpha', latencyMs: 2000 })],
    });
    expect(clock.now()).toBe(START + 2000);
    expect(clock.pending()).toBe(0);
  });

  it('passes the one deadline down to the models', async () => {
    const { generate, a } = setup({ timeouts: { totalMs: 3000 } });
    await generate();
    await generate({ deadlineAt: START + 1000 });
    await generate({ deadlineAt: START + 9000 });
    expect(a.calls.map((call) => call.deadlineAt)).toEqual([
      START + 3000,
      START + 1000,
      START + 3000,
    ]);
    const unbounded = setup();
    await unbounded.generate();
    expect(unbounded.a.calls[0]).not.toHaveProperty('deadlineAt');
  });

  it('makes no call for a request already past its deadline', async () => {
    const { fails, stream, a } = setup();
    const error = await fails({ deadlineAt: START });
    expect(error).toMatchObject({ kind: 'timeout', attempts: [] });
    const events = await stream({ deadlineAt: START - 1 });
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'timeout' }) },
    ]);
    expect(a.calls).toHaveLength(0);
  });

  it('starts no retry that would end past the request’s deadlineAt', async () => {
    const { generate, a, events } = setup({ retry: { baseMs: 4000 } });
    a.enqueue({ error: 'server_error', delayMs: 100 });
    const moved = await generate({ deadlineAt: START + 1500 });
    expect(moved.provider).toBe('beta');
    expect(moved.trace.attempts[1]).toMatchObject({ provider: 'beta', startedAt: START + 100 });
    expect(events.of('retry')).toEqual([]);
  });
});
