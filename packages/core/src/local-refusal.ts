import { LlmuxError } from './errors.js';

const marker = Symbol.for('llmux.local-refusal');

/**
 * Marks an error that a layer of llmux raised itself, before any call reached a provider (a rate
 * limiter's refusal, its store being out): it says nothing about the provider's health, so
 * failover moves on without counting it against the provider's circuit. Returns the same error.
 */
export function markLocalRefusal(error: LlmuxError): LlmuxError {
  if (!isLocalRefusal(error)) Object.defineProperty(error, marker, { value: true });
  return error;
}

/** Whether an error was raised by a layer of llmux rather than by a provider (see `markLocalRefusal`). */
export const isLocalRefusal = (error: unknown): boolean =>
  LlmuxError.isInstance(error) && marker in error;
