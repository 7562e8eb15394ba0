import { spawnSync } from 'node:child_process';
import {
  createManualClock,
  createModelCatalog,
  type GenerateRequest,
  type LanguageModel,
  type LlmuxEvent,
  type RateLimitInfo,
} from '@llmux/core';
import { createMockModel, type MockModelOptions } from '@llmux/testkit';
import { createMemoryStore } from './memory-store.js';
import type { RateLimitOptions } from './rate-limit-options.js';
import { rateLimit } from './rate-limited-model.js';

/** Noon UTC, mid-month: days and months are far from their ends. */
export const T0 = Date.UTC(2025, 0, 15, 12, 0, 0);

/** 0.1 cent per input token and 0.2 cent per output token: costs easy to add up. */
export const catalog = createModelCatalog([
  {
    provider: 'mock',
    model: 'mock-model',
    contextWindow: 100_000,
    maxOutputTokens: 1_000,
    capabilities: { tools: true, images: true, json: true, jsonSchema: true },
    pricing: { input: 1_000, output: 2_000 },
  },
]);

/**
 * A request core estimates at 5 input tokens (1 for "hi", 4 for the message) and, with its
 * `maxOutputTokens` of 10, reserves 15 tokens and $0.025.
 */
export const ask = (extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'hi' }],
  maxOutputTokens: 10,
  ...extra,
});

/** What the mock answers by default: 5 + 3 tokens, $0.011. */
export const usage = { inputTokens: 5, outputTokens: 3 };

/** A mock model behind a limiter, on a manual clock, with the events it emitted. */
export function setup(
  options: Partial<RateLimitOptions> & Pick<RateLimitOptions, 'limits'>,
  mockOptions: MockModelOptions = {},
  clock = createManualClock(T0),
) {
  const events: LlmuxEvent[] = [];
  const mock = createMockModel({ clock, catalog, script: { text: 'ok', usage }, ...mockOptions });
  const store = options.store ?? createMemoryStore();
  const model = rateLimit(mock, {
    clock,
    catalog,
    store,
    observer: (event) => events.push(event),
    ...options,
  });
  return { clock, mock, model, store, events };
}

/** Passes the wrapped model's answers on with the given rate-limit headers, as adapters do. */
export function withRateLimits(
  model: LanguageModel,
  headers: (call: number) => RateLimitInfo | undefined,
): LanguageModel {
  let calls = 0;
  return {
    provider: model.provider,
    modelId: model.modelId,
    async generate(request) {
      const rateLimits = headers(++calls);
      return { ...(await model.generate(request)), rateLimits };
    },
    async *stream(request) {
      const rateLimits = headers(++calls);
      for await (const event of model.stream(request)) {
        yield event.type === 'start' ? { ...event, rateLimits } : event;
      }
    },
  };
}

/** Settles a promise's outcome without throwing, to look at it after the clock moves. */
export function track<T>(promise: Promise<T>) {
  const state: { done: boolean; value?: T; error?: unknown } = {
    done: false,
    value: undefined,
    error: undefined,
  };
  promise.then(
    (value) => Object.assign(state, { done: true, value }),
    (error) => Object.assign(state, { done: true, error }),
  );
  return state;
}

/** Tests that start their own Redis skip, saying why, where redis-server is not installed. */
export const redisServerMissing =
  spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).error !== undefined;
