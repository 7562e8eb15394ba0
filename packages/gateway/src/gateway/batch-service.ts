import { type BatchObserver, createBatchManager } from '@llmux/batch';
import { type Clock, type IdGenerator, randomId } from '@llmux/core';
import { batchAdapterOf } from '../stack/batch-adapters.js';
import type { Stack } from '../stack/create-stack.js';
import type { BatchServices } from './batch-routes.js';
import { createFileStore } from './file-store.js';

export interface BatchServiceOptions {
  /** Its `batchStore` holds batches and files: in Redis, for every gateway process, when set. */
  stack: Stack;
  clock: Clock;
  ids?: IdGenerator;
  observer?: BatchObserver;
  /** The largest file an upload takes. Default 100 MB. */
  maxFileBytes?: number;
}

/**
 * The batch manager and file store behind the Files and Batches endpoints: batch lines run on
 * the stack's providers' batch APIs, and what no batch answers in time goes live through the
 * stack's model.
 */
export function createBatchService(
  options: BatchServiceOptions,
): BatchServices & { close(): Promise<void> } {
  const { stack, clock, ids = randomId, observer } = options;
  const manager = createBatchManager({
    adapters: stack.endpoints.map((endpoint) => batchAdapterOf(endpoint, clock, stack.fetch)),
    store: stack.batchStore,
    live: stack.model,
    ...(stack.batchBudget && { budget: stack.batchBudget }),
    clock,
    ids,
    ...(observer && { observer }),
  });
  return {
    manager,
    files: createFileStore(stack.batchStore, clock, ids),
    plan: (request) => stack.router.plan(request),
    maxFileBytes: options.maxFileBytes ?? 100 * 1024 * 1024,
    close: () => manager.close(),
  };
}
