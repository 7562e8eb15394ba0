import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { abortableIterate, raceAbort } from './abortable.js';

const never = <T>() => new Promise<T>(() => {});

describe('raceAbort', () => {
  it('settles like the promise while the signal stays quiet', async () => {
    await expect(raceAbort(Promise.resolve(1), new AbortController().signal)).resolves.toBe(1);
    await expect(raceAbort(Promise.reject(new Error('no')), undefined)).rejects.toThrow('no');
  });

  it('rejects with the reason the moment the signal aborts, or at once if it already has', async () => {
    const controller = new AbortController();
    const pending = raceAbort(never(), controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    await expect(raceAbort(never(), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
  });

  it('listens to a signal once however many races it ends, each one pending then', async () => {
    const controller = new AbortController();
    for (let i = 0; i < 100; i++) await raceAbort(Promise.resolve(i), controller.signal);
    const pending = [raceAbort(never(), controller.signal), raceAbort(never(), controller.signal)];
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(new Error('stop'));
    for (const race of pending) await expect(race).rejects.toThrow('stop');
  });
});

describe('abortableIterate', () => {
  it('stops while a chunk is awaited and closes the source', async () => {
    let closed = false;
    const source: AsyncIterable<number> = {
      [Symbol.asyncIterator]: () => ({
        next: () => never<IteratorResult<number>>(),
        return: async () => {
          closed = true;
          return { done: true, value: undefined };
        },
      }),
    };
    const controller = new AbortController();
    const iteration = (async () => {
      for await (const _ of abortableIterate(source, controller.signal)) {
        // never reached
      }
    })();
    controller.abort(new Error('cancelled'));
    await expect(iteration).rejects.toThrow('cancelled');
    expect(closed).toBe(true);
  });

  it('yields every item of a source that ends', async () => {
    async function* three() {
      yield* [1, 2, 3];
    }
    const seen: number[] = [];
    for await (const item of abortableIterate(three(), undefined)) seen.push(item);
    expect(seen).toEqual([1, 2, 3]);
  });
});
