import { type GenerateRequest, LlmuxError, type LlmuxErrorOptions } from '@llmux/core';
import type { BatchOutcome } from './batch-item.js';

/** A request as a job keeps it: without what only lives in the caller's process. */
export function storableRequest(request: GenerateRequest): GenerateRequest {
  const { signal: _signal, admission: _admission, ...rest } = request;
  return rest;
}

/** An outcome as JSON; an error keeps its typed fields (kind, status, attempts, ...). */
export const encodeOutcome = (outcome: BatchOutcome): string =>
  JSON.stringify(outcome.ok ? outcome : { ...outcome, error: outcome.error.toJSON() });

export function decodeOutcome(text: string): BatchOutcome {
  const stored = JSON.parse(text) as
    | BatchOutcome
    | { id: string; ok: false; error: LlmuxErrorOptions };
  if (stored.ok) return stored;
  return { id: stored.id, ok: false, error: new LlmuxError(stored.error as LlmuxErrorOptions) };
}
