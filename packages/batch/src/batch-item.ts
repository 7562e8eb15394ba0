import type { GenerateRequest, GenerateResponse, LlmuxError } from '@llmux/core';

/** A provider and model a request may run on. */
export interface CandidateRef {
  provider: string;
  model: string;
}

/** One request of a job, under the caller's id. */
export interface BatchItem {
  /** Unique within the job: results come back under it. */
  id: string;
  request: GenerateRequest;
  /**
   * Where to run it, in order: the first batch API, then the next when that one fails or
   * expires. Default: the request's `route` candidates, else the job's `candidates`.
   */
  candidates?: CandidateRef[];
}

/** How one item ended: its response, priced at batch rates, or a typed error. */
export type BatchOutcome =
  | { id: string; ok: true; response: GenerateResponse }
  | { id: string; ok: false; error: LlmuxError };
