import {
  type Clock,
  type ErrorKind,
  type LanguageModel,
  LlmuxError,
  type ModelCatalog,
} from '@llmux/core';
import type { BatchAdapter } from './batch-adapter.js';
import type { BatchBudget } from './batch-budget.js';
import type { BatchObserver } from './batch-events.js';
import type { JobStore } from './job-store.js';

/** What driving a job takes: the manager's resolved options. */
export interface JobContext {
  adapters: ReadonlyMap<string, BatchAdapter>;
  /** The providers with a batch API: the keys of `adapters`. */
  providers: ReadonlySet<string>;
  jobs: JobStore;
  clock: Clock;
  catalog: ModelCatalog;
  failoverOn: ReadonlySet<ErrorKind>;
  live?: LanguageModel;
  liveMarginMs: number;
  liveConcurrency: number;
  defaultMaxOutputTokens: number;
  budget?: BatchBudget;
  observer?: BatchObserver;
  pollIntervalMs: number;
  leaseMs: number;
  claimSettleMs: number;
  retentionMs: number;
}

/**
 * The batch API of a provider. A job made in a process with more adapters than this one may
 * name a provider this one cannot reach.
 */
export function adapterOf(context: JobContext, provider: string): BatchAdapter {
  const adapter = context.adapters.get(provider);
  if (adapter) return adapter;
  throw new LlmuxError({
    kind: 'not_found',
    message: `No batch adapter for provider "${provider}" in this process`,
    provider,
  });
}
