import type { GenerateRequest, GenerateResponse, LlmuxError } from '@llmux/core';

/** A batch at a provider, as the job keeps it: JSON, so any process can pick it up. */
export interface ProviderBatchRef {
  /** The provider's id (or resource name) of the batch. */
  id: string;
  /** Files made for it at the provider (an input file), deleted once its results are in. */
  files?: string[];
}

/**
 * Where a provider batch is: still `running` (queued, validating, in progress, finalizing,
 * cancelling), or over: `ended` with results, `expired` or `cancelled` with the results it got to,
 * or `failed` as a whole.
 */
export type ProviderBatchState = 'running' | 'ended' | 'expired' | 'cancelled' | 'failed';

export interface ProviderBatchStatus {
  state: ProviderBatchState;
  /** Why a `failed` batch failed. */
  error?: LlmuxError;
}

/** One request's result in a provider batch: absent when the batch ended before it was answered. */
export type ProviderItemResult =
  | { ok: true; response: GenerateResponse }
  | { ok: false; error: LlmuxError }
  | undefined;

export interface SubmittedBatch {
  /** Absent when the provider was sent nothing: every request was refused. */
  ref?: ProviderBatchRef;
  /** By request index: why the adapter refused a request before sending it (`invalid_request`). */
  refused: Array<LlmuxError | undefined>;
}

/**
 * One provider's batch API: submits the requests of one model as one batch, reports its state,
 * and reads its results back as core responses and errors, in the order of the requests.
 * Provider calls make one attempt each (the job retries on its next poll, or moves on).
 */
export interface BatchAdapter {
  /** `openai`, `anthropic`, `gemini`: the provider of the candidates it serves. */
  readonly provider: string;
  submit(model: string, requests: GenerateRequest[], label: string): Promise<SubmittedBatch>;
  status(ref: ProviderBatchRef): Promise<ProviderBatchStatus>;
  /**
   * The results of a batch that is over, by request index (the same requests, in the same order,
   * as submitted; those the adapter refused included). Responses are priced at standard rates.
   */
  results(
    ref: ProviderBatchRef,
    model: string,
    requests: GenerateRequest[],
  ): Promise<ProviderItemResult[]>;
  /** Asks the provider to stop the batch; it ends `cancelled` with what it finished. */
  cancel(ref: ProviderBatchRef): Promise<void>;
  /** Deletes what the batch left at the provider (its files), once its results are in. */
  discard?(ref: ProviderBatchRef): Promise<void>;
}
