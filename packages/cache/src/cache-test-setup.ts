import {
  createManualClock,
  createMemoryKeyValueStore,
  type GenerateRequest,
  type KeyValueStore,
  type LlmuxEvent,
  type ManualClock,
} from '@llmux/core';
import { createMockModel, type MockModelOptions } from '@llmux/testkit';
import { type CacheOptions, createCache } from './index.js';

/** A cache over a mock model (priced like gpt-5-mini), on a manual clock, recording its events. */
export function setup(
  options: Omit<CacheOptions, 'clock' | 'observer'> & {
    model?: MockModelOptions;
    memory?: { maxEntries?: number; maxBytes?: number };
    wrapStore?: (store: KeyValueStore, clock: ManualClock) => KeyValueStore;
  } = {},
) {
  const { model, memory, wrapStore, ...cacheOptions } = options;
  const clock = createManualClock(1_000_000);
  const inner = createMockModel({ provider: 'openai', modelId: 'gpt-5-mini', clock, ...model });
  const memoryStore = createMemoryKeyValueStore({ clock, ...memory });
  const store = wrapStore ? wrapStore(memoryStore, clock) : memoryStore;
  const events: Array<Extract<LlmuxEvent, { type: 'cache' }>> = [];
  const cached = createCache(inner, {
    store,
    clock,
    observer: (event) => {
      if (event.type === 'cache') events.push(event);
    },
    ...cacheOptions,
  });
  const outcomes = () => events.map((event) => event.outcome);
  return { clock, inner, memoryStore, cached, events, outcomes };
}

export const ask = (text: string, fields: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  temperature: 0,
  ...fields,
});

/** Lets pending promise callbacks run (no time passes on any clock). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
