import {
  anthropicBatch,
  type BatchAdapter,
  type BatchObserver,
  createBatchManager,
  geminiBatch,
  openaiBatch,
} from '@llmux/batch';
import { createRedisKeyValueStore } from '@llmux/cache';
import {
  type Clock,
  createMemoryKeyValueStore,
  type IdGenerator,
  type KeyValueStore,
  randomId,
} from '@llmux/core';
import type { ProviderName, RedisSettings } from '../config/config-schema.js';
import type { Stack } from '../stack/create-stack.js';
import type { ProviderEndpoint } from '../stack/provider-endpoints.js';
import type { RedisClient } from '../stack/shared-stores.js';
import type { BatchServices } from './batch-routes.js';
import { createFileStore } from './file-store.js';

export interface BatchServiceOptions {
  stack: Stack;
  /** With a connected client, batches and files live in Redis, for every gateway process. */
  redis?: { client: RedisClient; settings: Pick<RedisSettings, 'prefix' | 'commandTimeoutMs'> };
  clock: Clock;
  ids?: IdGenerator;
  observer?: BatchObserver;
  /** The largest file an upload takes. Default 100 MB. */
  maxFileBytes?: number;
}

/** Each provider's batch API, at the endpoint (simulator or real API) its models use. */
function batchAdapter(endpoint: ProviderEndpoint, clock: Clock): BatchAdapter {
  const { apiKey, baseURL } = endpoint;
  const adapters: Record<ProviderName, () => BatchAdapter> = {
    anthropic: () => anthropicBatch({ apiKey, baseURL, clock }),
    openai: () => openaiBatch({ apiKey, baseURL, clock }),
    gemini: () => geminiBatch({ apiKey, baseURL, clock }),
  };
  return adapters[endpoint.provider]();
}

/**
 * The batch manager and file store behind the Files and Batches endpoints: batch lines run on
 * the stack's providers' batch APIs, and what no batch answers in time goes live through the
 * stack's model.
 */
export function createBatchService(
  options: BatchServiceOptions,
): BatchServices & { close(): Promise<void> } {
  const { stack, redis, clock, ids = randomId, observer } = options;
  const store: KeyValueStore = redis
    ? createRedisKeyValueStore({
        client: redis.client,
        prefix: `${redis.settings.prefix}batch:`,
        timeoutMs: redis.settings.commandTimeoutMs,
      })
    : createMemoryKeyValueStore({ clock, maxEntries: Infinity, maxBytes: Infinity });
  const manager = createBatchManager({
    adapters: stack.endpoints.map((endpoint) => batchAdapter(endpoint, clock)),
    store,
    live: stack.model,
    clock,
    ids,
    ...(observer && { observer }),
  });
  return {
    manager,
    files: createFileStore(store, clock, ids),
    plan: (request) => stack.router.plan(request),
    maxFileBytes: options.maxFileBytes ?? 100 * 1024 * 1024,
    close: () => manager.close(),
  };
}
