import { collectStream, type GenerateResponse, type StreamEvent, textOf } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { ask, settle, setup } from './cache-test-setup.js';

describe('createCache: identical requests in flight', () => {
  it('make one upstream call, and all of them get the answer', async () => {
    const { cached, inner, clock, outcomes } = setup({ model: { script: { delayMs: 500 } } });
    const pending = [1, 2, 3, 4].map(() => cached.generate(ask('hi')));
    await settle();
    expect(inner.calls).toHaveLength(1);
    await clock.advance(500);
    const [leader, ...followers] = await Promise.all(pending);
    expect(inner.calls).toHaveLength(1);
    expect(leader!.costUsd).toBeGreaterThan(0);
    for (const follower of followers) {
      expect(textOf(follower)).toBe('Echo: hi');
      expect(follower).toMatchObject({
        costUsd: 0,
        latencyMs: 500,
        trace: { cacheHit: true, savedCostUsd: leader!.costUsd },
      });
    }
    expect(outcomes().sort()).toEqual(['coalesced', 'coalesced', 'coalesced', 'miss', 'store']);
  });

  it('give each follower its own copy of the answer', async () => {
    const { cached, clock } = setup({ model: { script: { delayMs: 10 } } });
    const pending = [1, 2, 3].map(() => cached.generate(ask('hi')));
    await clock.advance(10);
    const [, a, b] = await Promise.all(pending);
    expect(a!.content).not.toBe(b!.content);
  });

  it('share the error when the upstream call fails, and nothing is stored', async () => {
    const { cached, inner, clock, memoryStore } = setup();
    inner.enqueue({ delayMs: 100, error: 'rate_limited' });
    const pending = [1, 2, 3].map(() => cached.generate(ask('hi')).catch((error) => error));
    await clock.advance(100);
    const errors = await Promise.all(pending);
    expect(inner.calls).toHaveLength(1);
    for (const error of errors) expect(error).toMatchObject({ kind: 'rate_limited' });
    expect(memoryStore.size).toBe(0);
  });

  it('do not coalesce across tenants or with non-deterministic requests', async () => {
    const { cached, inner, clock } = setup({ model: { script: { delayMs: 10 } } });
    const pending = [
      cached.generate(ask('hi', { metadata: { tenant: 'a' } })),
      cached.generate(ask('hi', { metadata: { tenant: 'b' } })),
      cached.generate(ask('hi', { temperature: 1 })),
      cached.generate(ask('hi', { temperature: 1 })),
    ];
    await clock.advance(10);
    await Promise.all(pending);
    expect(inner.calls).toHaveLength(4);
  });

  it('retry on their own when the leader’s caller cancels, instead of sharing its cancellation', async () => {
    const { cached, inner, clock } = setup({ model: { script: { delayMs: 50 } } });
    inner.enqueue({ hang: true });
    const controller = new AbortController();
    const leader = cached.generate(ask('hi', { signal: controller.signal }));
    const followers = [1, 2].map(() => cached.generate(ask('hi')));
    await settle();
    controller.abort();
    await expect(leader).rejects.toMatchObject({ kind: 'cancelled' });
    await settle();
    await clock.advance(50);
    const answers = await Promise.all(followers);
    expect(answers.map(textOf)).toEqual(['Echo: hi', 'Echo: hi']);
    expect(inner.calls).toHaveLength(2);
  });

  it('let a follower cancel its own wait without disturbing the others', async () => {
    const { cached, inner, clock } = setup({ model: { script: { delayMs: 50 } } });
    const controller = new AbortController();
    const leader = cached.generate(ask('hi'));
    const quitter = cached.generate(ask('hi', { signal: controller.signal }));
    const stayer = cached.generate(ask('hi'));
    await settle();
    controller.abort();
    await expect(quitter).rejects.toMatchObject({ kind: 'cancelled' });
    await clock.advance(50);
    expect(textOf(await leader)).toBe('Echo: hi');
    expect((await stayer).trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(1);
  });

  it('do not wait for the answer to be stored, and requests meanwhile share it', async () => {
    const { cached, inner, clock, outcomes } = setup({
      wrapStore: (store, clock) => ({
        ...store,
        set: async (key, value, ttlMs) => {
          await clock.sleep(100);
          await store.set(key, value, ttlMs);
        },
      }),
    });
    await cached.generate(ask('hi'));
    const meanwhile = await cached.generate(ask('hi'));
    expect(meanwhile.trace.cacheHit).toBe(true);
    expect(outcomes()).toEqual(['miss', 'coalesced']);
    await clock.advance(100);
    expect(outcomes()).toEqual(['miss', 'coalesced', 'store']);
    expect((await cached.generate(ask('hi'))).trace.cacheHit).toBe(true);
    expect(inner.calls).toHaveLength(1);
  });

  it('lead a new flight once the previous one settled', async () => {
    const { cached, inner, clock } = setup({ model: { script: { delayMs: 10 } } });
    inner.enqueue({ delayMs: 10, error: 'overloaded' });
    const first = cached.generate(ask('hi')).catch(() => undefined);
    await clock.advance(10);
    await first;
    const second = cached.generate(ask('hi'));
    await clock.advance(10);
    expect(textOf(await second)).toBe('Echo: hi');
    expect(inner.calls).toHaveLength(2);
  });
});

describe('createCache: identical streams in flight', () => {
  it('give followers the replay once the streamed leader completes', async () => {
    const { cached, inner, clock } = setup({
      model: { script: { text: 'abcdefghij', chunkSize: 2, chunkDelayMs: 10 } },
    });
    const leaderEvents: StreamEvent[] = [];
    const leader = (async () => {
      for await (const event of cached.stream(ask('hi'))) leaderEvents.push(event);
    })();
    let followerDone = false;
    const followers = [1, 2].map(() =>
      collectStream(cached.stream(ask('hi'))).finally(() => {
        followerDone = true;
      }),
    );
    const generateFollower = cached.generate(ask('hi'));
    await settle();
    await clock.advance(20);
    expect(leaderEvents.filter((event) => event.type === 'text-delta').length).toBeGreaterThan(1);
    expect(followerDone).toBe(false);
    await clock.advance(100);
    await leader;
    const answers: GenerateResponse[] = await Promise.all([...followers, generateFollower]);
    expect(inner.calls).toHaveLength(1);
    for (const answer of answers) {
      expect(textOf(answer)).toBe('abcdefghij');
      expect(answer.trace.cacheHit).toBe(true);
    }
  });

  it('give followers the error when the streamed leader fails', async () => {
    const { cached, inner, clock } = setup();
    inner.enqueue({
      text: 'abcdefghij',
      chunkSize: 2,
      chunkDelayMs: 10,
      error: 'overloaded',
      errorAfterChunks: 2,
    });
    const leader = collectStream(cached.stream(ask('hi'))).catch((error) => error);
    const follower = (async () => {
      const events: StreamEvent[] = [];
      for await (const event of cached.stream(ask('hi'))) events.push(event);
      return events;
    })();
    await settle();
    await clock.advance(100);
    await expect(leader).resolves.toMatchObject({ kind: 'overloaded' });
    expect(await follower).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'overloaded' }) },
    ]);
    expect(inner.calls).toHaveLength(1);
  });

  it('let followers try again when the streamed leader’s caller stops reading', async () => {
    const { cached, inner, clock, memoryStore } = setup({
      model: { script: { text: 'abcdefghij', chunkSize: 2, chunkDelayMs: 10 } },
    });
    const leader = (async () => {
      for await (const event of cached.stream(ask('hi'))) {
        if (event.type === 'text-delta') break;
      }
    })();
    const follower = collectStream(cached.stream(ask('hi')));
    await settle();
    await leader;
    await clock.advance(100);
    expect(textOf(await follower)).toBe('abcdefghij');
    expect(inner.calls).toHaveLength(2);
    expect(memoryStore.size).toBe(1);
  });

  it('give a streamed follower the replay of a generate leader', async () => {
    const { cached, inner, clock } = setup({ model: { script: { delayMs: 30 } } });
    const leader = cached.generate(ask('hi'));
    const follower = collectStream(cached.stream(ask('hi')));
    await clock.advance(30);
    expect(textOf(await follower)).toBe(textOf(await leader));
    expect(inner.calls).toHaveLength(1);
  });
});
