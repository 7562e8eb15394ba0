import type {
  LlmuxEvent,
  LlmuxEventType,
  ManualClock,
  ModelInfo,
  Observer,
  StreamEvent,
} from '@llmux/core';
import { createModelCatalog } from '@llmux/core';

/**
 * Settles `promise` by moving the manual clock from one pending sleep to the next, as time would.
 * Fails if it is still pending once nothing is left to wake it.
 */
export async function drive<T>(clock: ManualClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let idle = 0; !settled && idle < 50; ) {
    if (await clock.next()) idle = 0;
    else {
      idle++;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (!settled) throw new Error('drive: still pending with no sleep left to wake it');
  return promise;
}

export async function toArray<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** An observer that keeps every event, with a filter by type. */
export function recorder() {
  const events: LlmuxEvent[] = [];
  const observer: Observer = (event) => events.push(event);
  const of = <K extends LlmuxEventType>(type: K) =>
    events.filter((e): e is Extract<LlmuxEvent, { type: K }> => e.type === type);
  return { events, observer, of };
}

export const typesOf = (events: StreamEvent[]) => events.map((e) => e.type);

const info = (provider: string, model: string, contextWindow: number): ModelInfo => ({
  provider,
  model,
  contextWindow,
  maxOutputTokens: 8192,
  capabilities: { tools: true, images: true, json: true, jsonSchema: true },
  pricing: { input: 1, output: 2 },
});

/** Three models with known context windows: a (200k) < b (400k) < c (1M). */
export const testCatalog = createModelCatalog([
  info('alpha', 'a-small', 200_000),
  info('beta', 'b-medium', 400_000),
  info('gamma', 'c-large', 1_000_000),
]);

/** A clock far from zero, as real epoch time is. */
export const START = 1_700_000_000_000;
