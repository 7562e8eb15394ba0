import {
  createManualClock,
  createModelCatalog,
  type GenerateRequest,
  LlmuxError,
  type LlmuxEvent,
  type LlmuxEventType,
  type ManualClock,
  type ModelInfo,
  type Observer,
  type RoutePlan,
  type StreamEvent,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { createFailover, type FailoverOptions } from './failover-model.js';

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
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  // Time moves only once everything that can happen now has happened.
  for (let idle = 0; idle < 50; ) {
    await tick();
    if (settled) break;
    if (await clock.next()) idle = 0;
    else idle++;
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

/**
 * A failover over three mock models on one manual clock (alpha:a-small, beta:b-medium,
 * gamma:c-large, each answering with its model id), recording every event.
 */
export function setup(options: Partial<FailoverOptions> = {}) {
  const clock = createManualClock(START);
  const mock = (provider: string, modelId: string) =>
    createMockModel({ provider, modelId, clock, catalog: testCatalog, script: { text: modelId } });
  const a = mock('alpha', 'a-small');
  const b = mock('beta', 'b-medium');
  const c = mock('gamma', 'c-large');
  const events = recorder();
  const failover = createFailover({
    models: [a, b, c],
    clock,
    random: () => 0.5,
    observer: events.observer,
    catalog: testCatalog,
    ...options,
  });
  const request = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
    messages: [{ role: 'user', content: 'hi' }],
    ...extra,
  });
  const generate = (extra: Partial<GenerateRequest> = {}) =>
    drive(clock, failover.generate(request(extra)));
  const fails = async (extra: Partial<GenerateRequest> = {}) => {
    try {
      await generate(extra);
    } catch (error) {
      if (LlmuxError.isInstance(error)) return error;
      throw error;
    }
    throw new Error('expected the request to fail');
  };
  const stream = (extra: Partial<GenerateRequest> = {}) =>
    drive(clock, toArray(failover.stream(request(extra))));
  return { clock, a, b, c, events, failover, generate, fails, stream, request };
}

export const plan = (...keys: string[]): RoutePlan => ({
  reason: 'test plan',
  candidates: keys.map((key) => {
    const [provider = '', model = ''] = key.split(':');
    return { provider, model, reason: `because ${model}` };
  }),
});
