import { createManualClock, LlmuxError, markLocalRefusal } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createCapacityPause } from './capacity-pause.js';
import { setup as failoverSetup, START } from './test-support.js';

const plan = ['a', 'b', 'c'].map((key) => ({ key }));
const keys = (candidates: Array<{ key: string }>) => candidates.map((c) => c.key).join('');
const busy = (kind: 'rate_limited' | 'overloaded', retryAfterMs?: number) =>
  new LlmuxError({ kind, message: kind, retryAfterMs });

function setup(pauseMs?: number, maxPauseMs?: number) {
  const clock = createManualClock(START);
  return { clock, pause: createCapacityPause({ pauseMs, maxPauseMs }, clock) };
}

describe('createCapacityPause', () => {
  it('tries a candidate that said "retry after N" after the others, for N', async () => {
    const { clock, pause } = setup();
    pause.record('a', busy('rate_limited', 5000));
    expect(keys(pause.order(plan))).toBe('bca');
    await clock.advance(4999);
    expect(keys(pause.order(plan))).toBe('bca');
    await clock.advance(1);
    expect(keys(pause.order(plan))).toBe('abc');
  });

  it('pauses an overloaded candidate without a retry-after for pauseMs (default 1 s)', async () => {
    const { clock, pause } = setup();
    pause.record('b', busy('overloaded'));
    expect(keys(pause.order(plan))).toBe('acb');
    await clock.advance(1000);
    expect(keys(pause.order(plan))).toBe('abc');
    const short = setup(200);
    short.pause.record('b', busy('overloaded'));
    await short.clock.advance(200);
    expect(keys(short.pause.order(plan))).toBe('abc');
  });

  it('doubles the pause of a candidate that keeps saying busy, up to maxPauseMs', async () => {
    const { clock, pause } = setup(1000, 5000);
    const pausedFor = async () => {
      pause.record('a', busy('overloaded'));
      let ms = 0;
      while (keys(pause.order(plan)) === 'bca') {
        await clock.advance(100);
        ms += 100;
      }
      return ms;
    };
    expect([await pausedFor(), await pausedFor(), await pausedFor(), await pausedFor()]).toEqual([
      1000, 2000, 4000, 5000,
    ]);
    pause.record('a', undefined);
    expect(await pausedFor()).toBe(1000);
  });

  it('keeps every candidate, the paused ones in plan order', () => {
    const { pause } = setup();
    pause.record('a', busy('overloaded'));
    pause.record('b', markLocalRefusal(busy('rate_limited', 60_000)));
    expect(keys(pause.order(plan))).toBe('cab');
    pause.record('c', busy('overloaded'));
    expect(keys(pause.order(plan))).toBe('abc');
  });

  it('ends a pause when a call succeeds, and keeps the later of two', async () => {
    const { clock, pause } = setup();
    pause.record('a', busy('rate_limited', 5000));
    pause.record('a', busy('overloaded'));
    await clock.advance(1000);
    expect(keys(pause.order(plan))).toBe('bca');
    pause.record('a', undefined);
    expect(keys(pause.order(plan))).toBe('abc');
  });

  it('is not moved by failures that are not about capacity', () => {
    const { pause } = setup();
    for (const kind of ['server_error', 'timeout', 'cancelled'] as const) {
      pause.record('a', new LlmuxError({ kind, message: kind }));
    }
    expect(keys(pause.order(plan))).toBe('abc');
  });

  it('rejects a bad pauseMs or maxPauseMs, naming the field', () => {
    expect(() => setup(-1)).toThrow(/"capacity\.pauseMs"/);
    expect(() => setup(1000, 500)).toThrow(/"capacity\.maxPauseMs"/);
  });
});

describe('createFailover: capacity signals', () => {
  const rateLimited = (retryAfterMs?: number) =>
    new LlmuxError({ kind: 'rate_limited', message: '429', status: 429, retryAfterMs });

  it('never opens a circuit on 429s and overloads, however many', async () => {
    const { generate, a, events } = failoverSetup({
      breaker: { consecutiveFailures: 2, minSamples: 2 },
      capacity: { pauseMs: 0 },
    });
    a.setScript((_, call) => ({ error: call % 2 ? 'overloaded' : rateLimited() }));
    for (let i = 0; i < 5; i++) expect((await generate()).provider).toBe('beta');
    expect(a.calls).toHaveLength(10);
    expect(events.of('circuit')).toEqual([]);
  });

  it('tries a candidate that said "busy, retry after N" after the others for N, yet when nothing else answers', async () => {
    const { generate, a, b, c, clock } = failoverSetup({
      retry: { maxAttempts: 1, maxRetryAfterMs: 100 },
    });
    a.enqueue({ error: rateLimited(5000) });
    expect((await generate()).provider).toBe('beta');
    expect((await generate()).provider).toBe('beta');
    expect(a.calls).toHaveLength(1);
    b.enqueue({ error: 'server_error' });
    c.enqueue({ error: 'server_error' });
    const lastResort = await generate();
    expect(lastResort.provider).toBe('alpha');
    expect(lastResort.trace.attempts.map((x) => x.provider)).toEqual(['beta', 'gamma', 'alpha']);
    // Its success ended the pause: it is first again.
    expect((await generate()).provider).toBe('alpha');
    a.enqueue({ error: 'overloaded' });
    expect((await generate()).provider).toBe('beta');
    await clock.advance(999);
    expect((await generate()).provider).toBe('beta');
    await clock.advance(1);
    expect((await generate()).provider).toBe('alpha');
  });
});
