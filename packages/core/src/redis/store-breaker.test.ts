import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import type { LlmuxEvent } from '../observer.js';
import { runRedisCommand } from './redis-command.js';
import { createStoreBreaker } from './store-breaker.js';

const fail = async (): Promise<string> => {
  throw new Error('connection lost');
};

describe('createStoreBreaker', () => {
  it('fails at once after a failure, then lets one command try again after retryMs', async () => {
    const clock = createManualClock(1_000);
    const events: LlmuxEvent[] = [];
    const breaker = createStoreBreaker({ clock, retryMs: 500, observer: (e) => events.push(e) });
    await expect(breaker.run(fail)).rejects.toThrow('connection lost');
    expect(breaker.health()).toEqual({ state: 'down', since: 1_000, detail: 'connection lost' });

    let ran = 0;
    const count = async () => ++ran;
    await expect(breaker.run(count)).rejects.toMatchObject({ kind: 'network', provider: 'redis' });
    expect(ran).toBe(0);

    await clock.advance(500);
    // One probe goes; a command while it is out fails at once rather than waiting on the store.
    let answer!: (value: number) => void;
    const probe = breaker.run(() => new Promise<number>((resolve) => (answer = resolve)));
    await expect(breaker.run(count)).rejects.toMatchObject({ kind: 'network' });
    answer(7);
    expect(await probe).toBe(7);
    expect(breaker.health()).toEqual({ state: 'up', since: 1_500 });
    expect(await breaker.run(count)).toBe(1);
    expect(events).toEqual([
      {
        type: 'store',
        store: 'redis',
        state: 'down',
        since: 1_000,
        detail: 'connection lost',
        at: 1_000,
      },
      { type: 'store', store: 'redis', state: 'up', since: 1_500, at: 1_500 },
    ]);
  });

  it('stays down when the probe fails, and reports the latest failure', async () => {
    const clock = createManualClock(0);
    const breaker = createStoreBreaker({ clock, retryMs: 100 });
    await expect(breaker.run(fail)).rejects.toThrow();
    await clock.advance(100);
    await expect(
      breaker.run(async () => {
        throw new Error('still hung');
      }),
    ).rejects.toThrow('still hung');
    expect(breaker.health()).toEqual({ state: 'down', since: 0, detail: 'still hung' });
  });

  it('spares runRedisCommand its timeout while the store is down', async () => {
    const clock = createManualClock(0);
    const breaker = createStoreBreaker({ clock });
    const options = { timeoutMs: 250, clock, breaker };
    const hung = runRedisCommand({ isReady: true }, () => new Promise(() => {}), options);
    const failed = hung.catch((error: unknown) => error);
    await clock.advance(250);
    expect(await failed).toMatchObject({ kind: 'timeout' });
    let ran = false;
    await expect(
      runRedisCommand({ isReady: true }, async () => (ran = true), options),
    ).rejects.toMatchObject({ kind: 'network' });
    expect(ran).toBe(false);
    expect(clock.pending()).toBe(0);
  });
});
