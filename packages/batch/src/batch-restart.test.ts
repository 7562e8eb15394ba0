import { randomUUID } from 'node:crypto';
import { createRedisKeyValueStore } from '@llmux/cache';
import { createMemoryKeyValueStore, type KeyValueStore } from '@llmux/core';
import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import type { BatchEvent } from './batch-events.js';
import { createBatchManager } from './batch-manager.js';
import { ask, candidate, cleanup, startProviders, testTimings, until } from './batch-test-setup.js';

const items = ['a', 'b', 'c'].map((id) => ({ id, request: ask(`question ${id}`) }));

/**
 * Two processes' managers on one store (by default in memory, on the test's clock): the first
 * submits, the second collects.
 */
async function twoProcesses(shared?: KeyValueStore) {
  const providers = await startProviders();
  const { clock, adapters } = providers;
  const store =
    shared ?? createMemoryKeyValueStore({ clock, maxEntries: Infinity, maxBytes: Infinity });
  const events: Record<'first' | 'second', BatchEvent[]> = { first: [], second: [] };
  const manager = (name: 'first' | 'second', given = store) => {
    const made = createBatchManager({
      adapters: Object.values(adapters),
      store: given,
      clock,
      ...testTimings,
      candidates: [candidate('openai'), candidate('gemini')],
      observer: (event) => events[name].push(event),
    });
    cleanup(() => made.close());
    return made;
  };
  return { ...providers, store, manager, events };
}

const submitted = (job: { batches: Array<{ state: string }> } | undefined) =>
  job?.batches[0]?.state === 'running';

describe('jobs survive the process that submitted them', () => {
  it('a new manager on the same store collects a job whose process closed mid-way', async () => {
    const { manager, run, sims, events } = await twoProcesses();
    const first = manager('first');
    const job = await first.submit({ items });
    await run(until(async () => submitted(await first.get(job.id))));
    await first.close();

    const second = manager('second');
    const outcomes = await run(second.wait(job.id));
    expect(outcomes.map((o) => o.ok && o.response.provider)).toEqual([
      'openai',
      'openai',
      'openai',
    ]);
    // The batch was sent once, and collected by the second process.
    expect((await second.get(job.id))?.batches).toMatchObject([
      { provider: 'openai', state: 'ended' },
    ]);
    expect(sims.openai.counters.requests).toBeGreaterThan(0);
    expect(events.first.map((e) => e.type)).toEqual(['batch-submitted']);
    expect(events.second.map((e) => e.type)).toEqual([
      'batch-job-taken-over',
      'batch-ended',
      'batch-job-ended',
    ]);
  });

  it('takes over a job whose process died once its lease lapses, and sends nothing twice', async () => {
    const { clock, store, manager, run, events } = await twoProcesses();
    let dead = false;
    const alive = <T>(call: () => Promise<T>) =>
      dead ? Promise.reject(new Error('the process died')) : call();
    // The first process's view of the store: gone once it dies.
    const dying: KeyValueStore = {
      get: (key) => alive(() => store.get(key)),
      set: (key, value, ttlMs) => alive(() => store.set(key, value, ttlMs)),
      delete: (key) => alive(() => store.delete(key)),
    };
    const first = manager('first', dying);
    const job = await first.submit({ items });
    await run(until(async () => submitted(await first.get(job.id))));
    const diedAt = clock.now();
    dead = true;

    const second = manager('second');
    const outcomes = await run(second.wait(job.id));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const takeover = events.second.find((e) => e.type === 'batch-job-taken-over')!;
    expect(takeover.at - diedAt).toBeGreaterThanOrEqual(testTimings.leaseMs - 15 * 60_000);
    expect((await second.get(job.id))?.batches).toHaveLength(1);
  });

  it('shares jobs through Redis between processes', async () => {
    const client = createClient({ url: 'redis://127.0.0.1:6379' });
    client.on('error', () => {});
    await client.connect();
    const prefix = `llmux-batch-test:${randomUUID()}:`;
    cleanup(async () => {
      for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) {
        if (keys.length > 0) await client.del(keys);
      }
      await client.quit();
    });
    const { manager, run } = await twoProcesses(
      createRedisKeyValueStore({ client, prefix, timeoutMs: 2000 }),
    );
    const first = manager('first');
    const job = await first.submit({ items, tenant: 'acme' });
    await run(until(async () => submitted(await first.get(job.id))));
    await first.close();

    const second = manager('second');
    expect((await second.list('acme')).map((listed) => listed.id)).toEqual([job.id]);
    const outcomes = await run(second.wait(job.id));
    expect(outcomes.map((o) => o.ok && o.response.provider)).toEqual([
      'openai',
      'openai',
      'openai',
    ]);
    const keys: string[] = [];
    for await (const batch of client.scanIterator({ MATCH: `${prefix}*` })) keys.push(...batch);
    expect(keys.length).toBeGreaterThan(0);
    // Every key carries its expiry: the job's retention, or the lease's.
    for (const key of keys) expect(await client.pTTL(key)).toBeGreaterThan(0);
    expect(await second.get(job.id)).toMatchObject({ state: 'completed' });
  });
});
