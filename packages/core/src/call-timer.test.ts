import { describe, expect, it } from 'vitest';
import { startCallTimer } from './call-timer.js';
import { createManualClock } from './clock.js';

describe('startCallTimer', () => {
  it('measures latency from the start, and no first token for a plain call', async () => {
    const clock = createManualClock(1000);
    await clock.advance(5);
    const timer = startCallTimer(clock);
    await clock.advance(120);
    expect(timer.timing()).toEqual({ latencyMs: 120 });
  });

  it('takes the first content event as the first token, not the start or a later event', async () => {
    const clock = createManualClock(0);
    const timer = startCallTimer(clock);
    await clock.advance(40);
    timer.observe({ type: 'start', id: 'r', provider: 'p', model: 'm', warnings: [] });
    await clock.advance(60);
    timer.observe({
      type: 'tool-call-delta',
      toolCallId: 'c',
      toolName: 't',
      argumentsDelta: '{',
    });
    await clock.advance(30);
    timer.observe({ type: 'text-delta', delta: 'later' });
    await clock.advance(10);
    expect(timer.timing()).toEqual({ latencyMs: 140, timeToFirstTokenMs: 100 });
  });

  it.each([
    [{ type: 'text-delta', delta: 'x' }],
    [{ type: 'tool-call', toolCallId: 'c', toolName: 't', arguments: {} }],
  ] as const)('counts %j as a first token', async (event) => {
    const clock = createManualClock(0);
    const timer = startCallTimer(clock);
    await clock.advance(7);
    timer.observe(event);
    expect(timer.timing().timeToFirstTokenMs).toBe(7);
  });
});
