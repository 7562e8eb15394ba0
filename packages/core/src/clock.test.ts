import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Clock, createManualClock, startTimer, systemClock } from './clock.js';

describe('createManualClock', () => {
  it('starts where told and moves only when advanced', async () => {
    const clock = createManualClock(1_000);
    expect(clock.now()).toBe(1_000);
    await clock.advance(250);
    expect(clock.now()).toBe(1_250);
  });

  it('resolves due sleeps in time order, each seeing its own time', async () => {
    const clock = createManualClock();
    const woke: Array<[string, number]> = [];
    const sleeper = (name: string, ms: number) =>
      clock.sleep(ms).then(() => woke.push([name, clock.now()]));
    const all = Promise.all([
      sleeper('c', 30),
      sleeper('a', 10),
      sleeper('b', 20),
      sleeper('d', 99),
    ]);
    expect(clock.pending()).toBe(4);
    await clock.advance(30);
    expect(woke).toEqual([
      ['a', 10],
      ['b', 20],
      ['c', 30],
    ]);
    expect(clock.pending()).toBe(1);
    await clock.advance(69);
    await all;
    expect(woke.at(-1)).toEqual(['d', 99]);
  });

  it('resolves equal deadlines in the order they were asked for', async () => {
    const clock = createManualClock();
    const order: number[] = [];
    for (const n of [1, 2, 3]) void clock.sleep(5).then(() => order.push(n));
    await clock.advance(5);
    expect(order).toEqual([1, 2, 3]);
  });

  it('runs sleeps scheduled by woken sleepers within the same advance', async () => {
    const clock = createManualClock();
    const woke: number[] = [];
    void clock.sleep(10).then(async () => {
      woke.push(clock.now());
      await clock.sleep(10);
      woke.push(clock.now());
    });
    await clock.advance(25);
    expect(woke).toEqual([10, 20]);
    expect(clock.now()).toBe(25);
  });

  it('jumps to the next pending sleep with next()', async () => {
    const clock = createManualClock(0);
    expect(await clock.next()).toBe(false);
    let woke = false;
    void clock.sleep(500).then(() => {
      woke = true;
    });
    expect(await clock.next()).toBe(true);
    expect(woke).toBe(true);
    expect(clock.now()).toBe(500);
    expect(clock.pending()).toBe(0);
  });

  it('rejects a sleep whose signal aborts, with the signal reason, and forgets it', async () => {
    const clock = createManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pending()).toBe(0);
  });

  it('rejects at once for an already aborted signal', async () => {
    const clock = createManualClock();
    await expect(clock.sleep(10, AbortSignal.abort())).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(clock.pending()).toBe(0);
  });

  it('treats negative sleeps as zero', async () => {
    const clock = createManualClock(50);
    let woke = false;
    void clock.sleep(-10).then(() => {
      woke = true;
    });
    await clock.advance(0);
    expect(woke).toBe(true);
  });
});

describe('timers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fire on the manual clock in time order with its sleeps, and count as pending', async () => {
    const clock = createManualClock();
    const order: string[] = [];
    void clock.sleep(20).then(() => order.push('sleep 20'));
    clock.setTimer(10, () => order.push(`timer 10 at ${clock.now()}`));
    clock.setTimer(20, () => order.push('timer 20'));
    expect(clock.pending()).toBe(3);
    await clock.advance(20);
    expect(order).toEqual(['timer 10 at 10', 'sleep 20', 'timer 20']);
    expect(clock.pending()).toBe(0);
  });

  it('never fire once cancelled, and leave nothing pending', async () => {
    const clock = createManualClock();
    const fire = vi.fn();
    const cancel = clock.setTimer(10, fire);
    cancel();
    cancel();
    await clock.advance(10);
    expect(fire).not.toHaveBeenCalled();
    expect(clock.pending()).toBe(0);
  });

  it('run as sleeps on a clock without setTimer', async () => {
    const manual = createManualClock();
    const clock: Clock = { now: manual.now, sleep: manual.sleep };
    const fired: number[] = [];
    startTimer(clock, 10, () => fired.push(clock.now()));
    const cancel = startTimer(clock, 5, () => fired.push(-1));
    cancel();
    await manual.advance(10);
    expect(fired).toEqual([10]);
    expect(manual.pending()).toBe(0);
  });

  it('use setTimeout on the system clock, cleared on cancel', () => {
    vi.useFakeTimers();
    const fire = vi.fn();
    startTimer(systemClock, 100, fire);
    const cancel = startTimer(systemClock, 100, fire);
    cancel();
    vi.advanceTimersByTime(99);
    expect(fire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('systemClock', () => {
  it('rejects a sleep whose signal is already aborted without waiting', async () => {
    const reason = new Error('gone');
    await expect(systemClock.sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1_000);
  });
});
