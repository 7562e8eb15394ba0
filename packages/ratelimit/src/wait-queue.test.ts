import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { WaitQueue } from './wait-queue.js';

describe('WaitQueue', () => {
  it('gives turns in the order calls entered, one line at a time', async () => {
    const queue = new WaitQueue(createManualClock());
    const order: string[] = [];
    const signal = new AbortController().signal;
    const leaveA = await queue.enter('t', signal);
    const b = queue.enter('t', signal).then((leave) => {
      order.push('b');
      return leave;
    });
    const c = queue.enter('t', signal).then((leave) => {
      order.push('c');
      return leave;
    });
    const other = await queue.enter('u', signal);
    expect(queue.length('t')).toBe(3);
    expect(order).toEqual([]);
    leaveA();
    (await b)();
    (await c)();
    other();
    expect(order).toEqual(['b', 'c']);
    expect(queue.length('t')).toBe(0);
  });

  it('takes an aborted waiter out of line without holding up the rest', async () => {
    const queue = new WaitQueue(createManualClock());
    const leaveA = await queue.enter('t', new AbortController().signal);
    const controller = new AbortController();
    const b = queue.enter('t', controller.signal);
    const c = queue.enter('t', new AbortController().signal);
    controller.abort(new Error('gone'));
    await expect(b).rejects.toThrow('gone');
    expect(queue.length('t')).toBe(2);
    leaveA();
    (await c)();
    expect(queue.length('t')).toBe(0);
  });

  it('cuts sleeps short on wake, knows when a line tries next, and passes aborts on', async () => {
    const clock = createManualClock(1_000);
    const queue = new WaitQueue(clock);
    const signal = new AbortController().signal;
    const sleep = queue.sleep('t', 5_000, signal);
    expect(queue.nextTryAt('t')).toBe(6_000);
    queue.wake();
    await sleep;
    expect(clock.now()).toBe(1_000);
    expect(queue.nextTryAt('t')).toBeUndefined();

    const controller = new AbortController();
    const aborted = queue.sleep('t', 5_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    expect(clock.pending()).toBe(0);
  });
});
