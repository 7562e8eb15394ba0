import type { StreamEvent } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createHedgePolicy } from './hedge.js';
import { START, setup, typesOf } from './test-support.js';

describe('createHedgePolicy', () => {
  it('hedges after a fixed delay', () => {
    const hedge = createHedgePolicy({ delayMs: 400 });
    expect(hedge.delayFor('alpha:a-small')).toBe(400);
  });

  it('learns the delay as a percentile of recent times to first token', () => {
    const hedge = createHedgePolicy({ percentile: 0.95, minSamples: 10, samples: 20 });
    for (let ms = 1; ms <= 9; ms++) hedge.observe('k', ms * 100);
    expect(hedge.delayFor('k')).toBeUndefined();
    hedge.observe('k', 1000);
    // 10 samples 100..1000: the 95th percentile is the 10th.
    expect(hedge.delayFor('k')).toBe(1000);
    for (let i = 0; i < 20; i++) hedge.observe('k', 50);
    // Only the last 20 are kept.
    expect(hedge.delayFor('k')).toBe(50);
    expect(hedge.delayFor('other')).toBeUndefined();
  });

  it('uses the fixed delay until enough is learned', () => {
    const hedge = createHedgePolicy({ delayMs: 700, percentile: 0.5, minSamples: 2 });
    hedge.observe('k', 100);
    expect(hedge.delayFor('k')).toBe(700);
    hedge.observe('k', 300);
    expect(hedge.delayFor('k')).toBe(100);
  });

  it('caps the share of hedged requests', () => {
    const hedge = createHedgePolicy({ delayMs: 0, maxShare: 0.1 });
    let hedged = 0;
    for (let request = 0; request < 100; request++) {
      hedge.countRequest();
      if (hedge.admit()) hedged++;
    }
    expect(hedged).toBe(10);
  });

  it('never hedges with a zero share', () => {
    const hedge = createHedgePolicy({ delayMs: 0, maxShare: 0 });
    hedge.countRequest();
    expect(hedge.admit()).toBe(false);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => createHedgePolicy({})).toThrow(/"hedge": expected delayMs, percentile or both/);
    expect(() => createHedgePolicy({ percentile: 1.5 })).toThrow(/"hedge\.percentile"/);
    expect(() => createHedgePolicy({ delayMs: -1 })).toThrow(/"hedge\.delayMs"/);
    expect(() => createHedgePolicy({ delayMs: 1, maxShare: 2 })).toThrow(/"hedge\.maxShare"/);
    expect(() => createHedgePolicy({ percentile: 0.9, samples: 5, minSamples: 6 })).toThrow(
      /"hedge\.minSamples": expected an integer >= 1 <= 5/,
    );
  });
});

describe('createFailover: hedging', () => {
  it('starts the next candidate when the first is slow; the first answer wins, the other is cancelled', async () => {
    const { generate, a, b, events, clock } = setup({ hedge: { delayMs: 300 } });
    a.enqueue({ delayMs: 1000 });
    b.enqueue({ delayMs: 100 });
    const response = await generate();
    expect(response.provider).toBe('beta');
    expect(clock.now()).toBe(START + 400);
    expect(events.of('hedge')).toEqual([
      { type: 'hedge', requestId: undefined, provider: 'beta', model: 'b-medium', afterMs: 300 },
    ]);
    expect(response.trace.attempts).toEqual([
      expect.objectContaining({
        provider: 'alpha',
        outcome: 'error',
        errorKind: 'cancelled',
        latencyMs: 400,
        message: 'Superseded: beta:b-medium answered first',
      }),
      expect.objectContaining({ provider: 'beta', outcome: 'success', startedAt: START + 300 }),
    ]);
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('does not hedge a call that answers within the delay', async () => {
    const { generate, a, b, events, clock } = setup({ hedge: { delayMs: 300 } });
    a.enqueue({ delayMs: 200 });
    expect((await generate()).provider).toBe('alpha');
    expect(events.of('hedge')).toEqual([]);
    expect(b.calls).toHaveLength(0);
    expect(clock.pending()).toBe(0);
  });

  it('keeps the first candidate when it still answers first', async () => {
    const { generate, a, b } = setup({ hedge: { delayMs: 300 } });
    a.enqueue({ delayMs: 500 });
    b.enqueue({ delayMs: 1000 });
    expect((await generate()).provider).toBe('alpha');
    expect(b.calls[0]?.signal?.aborted).toBe(true);
  });

  it('uses the hedge when the first candidate fails after it started', async () => {
    const { generate, a, b } = setup({ hedge: { delayMs: 300 } });
    a.enqueue({ delayMs: 500, error: 'server_error' });
    b.enqueue({ delayMs: 400 });
    const response = await generate();
    expect(response.provider).toBe('beta');
    expect(response.trace.attempts.map((x) => [x.provider, x.errorKind ?? 'ok'])).toEqual([
      ['alpha', 'server_error'],
      ['beta', 'ok'],
    ]);
    expect(a.calls).toHaveLength(1);
  });

  it('carries on down the plan when both fail', async () => {
    const { generate, a, b } = setup({ hedge: { delayMs: 300 }, retry: { maxAttempts: 1 } });
    a.enqueue({ delayMs: 500, error: 'server_error' });
    b.enqueue({ delayMs: 400, error: 'overloaded' });
    const response = await generate();
    expect(response.provider).toBe('gamma');
    expect(response.trace.attempts.map((x) => `${x.provider}:${x.errorKind ?? 'ok'}`)).toEqual([
      'alpha:server_error',
      'beta:overloaded',
      'gamma:ok',
    ]);
  });

  it('hedges a stream on its first token, and the caller sees one start', async () => {
    const { stream, a } = setup({ hedge: { delayMs: 300 } });
    a.enqueue({ delayMs: 1000 });
    const events = await stream();
    expect(typesOf(events)).toEqual(['start', 'text-delta', 'finish']);
    expect((events[0] as Extract<StreamEvent, { type: 'start' }>).provider).toBe('beta');
    expect(a.calls[0]?.signal?.aborted).toBe(true);
  });

  it('caps the share of requests hedged', async () => {
    const { generate, a, events } = setup({ hedge: { delayMs: 300, maxShare: 0.5 } });
    for (let i = 0; i < 4; i++) {
      a.enqueue({ delayMs: 1000 });
      await generate();
    }
    // The budget starts full, and refills by half a hedge per request.
    expect(events.of('hedge')).toHaveLength(2);
  });

  it('learns the delay from recent times to first token', async () => {
    const { generate, a, events } = setup({
      hedge: { percentile: 0.5, minSamples: 3, maxShare: 1 },
    });
    for (const ms of [100, 120, 140]) {
      a.enqueue({ delayMs: ms });
      await generate();
    }
    expect(events.of('hedge')).toEqual([]);
    a.enqueue({ delayMs: 5000 });
    await generate();
    expect(events.of('hedge').map((e) => e.afterMs)).toEqual([120]);
  });

  it('does not hedge to a candidate whose circuit is open', async () => {
    const { generate, a, b, events } = setup({
      hedge: { delayMs: 300, maxShare: 1 },
      breaker: { consecutiveFailures: 1, openMs: 60_000 },
      retry: { maxAttempts: 1 },
    });
    b.enqueue({ error: 'server_error' });
    const onlyB = {
      reason: 'b only',
      candidates: [{ provider: 'beta', model: 'b-medium', reason: '' }],
    };
    await expect(generate({ route: onlyB })).rejects.toMatchObject({ kind: 'all_attempts_failed' });
    a.enqueue({ delayMs: 1000 });
    expect((await generate()).provider).toBe('alpha');
    expect(events.of('hedge')).toEqual([]);
    expect(b.calls).toHaveLength(1);
  });
});
