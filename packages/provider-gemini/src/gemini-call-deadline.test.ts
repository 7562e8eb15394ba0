import { createManualClock, mapProviderError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { callDeadline } from './gemini-call-deadline.js';

describe('callDeadline', () => {
  it('aborts as a timeout once the time passes on the clock', async () => {
    const clock = createManualClock();
    const { signal } = callDeadline(clock, 500, undefined);
    await clock.advance(499);
    expect(signal?.aborted).toBe(false);
    await clock.advance(1);
    expect(signal?.aborted).toBe(true);
    expect(mapProviderError(new Error('aborted'), { provider: 'gemini', signal })).toMatchObject({
      kind: 'timeout',
    });
  });

  it('no longer applies once the response has come', async () => {
    const clock = createManualClock();
    const deadline = callDeadline(clock, 500, undefined);
    deadline.settled();
    await clock.advance(1000);
    expect(deadline.signal?.aborted).toBe(false);
  });

  it("keeps the caller's abort a cancellation, and is only the caller's signal without a timeout", async () => {
    const caller = new AbortController();
    const { signal } = callDeadline(createManualClock(), 500, caller.signal);
    caller.abort();
    expect(mapProviderError(new Error('aborted'), { provider: 'gemini', signal })).toMatchObject({
      kind: 'cancelled',
    });
    expect(callDeadline(createManualClock(), undefined, caller.signal).signal).toBe(caller.signal);
  });
});
