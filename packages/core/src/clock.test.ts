import { describe, expect, it } from 'vitest';
import { createManualClock, systemClock } from './clock.js';

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

describe('systemClock', () => {
  it('rejects a sleep whose signal is already aborted without waiting', async () => {
    const reason = new Error('gone');
    await expect(systemClock.sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1_000);
  });
});
