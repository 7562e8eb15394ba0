export type { AnthropicBatchOptions } from './anthropic/anthropic-batch-adapter.js';
export { anthropicBatch } from './anthropic/anthropic-batch-adapter.js';
export type {
  BatchAdapter,
  ProviderBatchRef,
  ProviderBatchState,
  ProviderBatchStatus,
  ProviderItemResult,
  SubmittedBatch,
} from './batch-adapter.js';
export type { BatchBudget, BatchSpend, BatchSpendClaim } from './batch-budget.js';
export { spendBudget } from './batch-budget.js';
export type { BatchEvent, BatchObserver } from './batch-events.js';
export type { BatchItem, BatchOutcome, CandidateRef } from './batch-item.js';
export type { BatchJob, BatchJobState } from './batch-job.js';
export type { BatchManager, WaitOptions } from './batch-manager.js';
export { createBatchManager } from './batch-manager.js';
export type { BatchManagerOptions } from './batch-manager-options.js';
export { createBatchingModel } from './batching-model.js';
export type { BatchingOptions } from './batching-options.js';
export type { GeminiBatchOptions } from './gemini/gemini-batch-adapter.js';
export { geminiBatch } from './gemini/gemini-batch-adapter.js';
export type { BatchJobInput } from './new-job.js';
export type { OpenAIBatchOptions } from './openai/openai-batch-adapter.js';
export { openaiBatch } from './openai/openai-batch-adapter.js';
