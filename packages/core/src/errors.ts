import type { AttemptRecord } from './response.js';

export type ErrorKind =
  | 'rate_limited'
  | 'overloaded'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'authentication'
  | 'permission'
  | 'invalid_request'
  | 'context_length_exceeded'
  | 'content_filtered'
  | 'not_found'
  | 'cancelled'
  | 'budget_exceeded'
  | 'all_attempts_failed';

export const errorKinds: readonly ErrorKind[] = [
  'rate_limited',
  'overloaded',
  'server_error',
  'timeout',
  'network',
  'authentication',
  'permission',
  'invalid_request',
  'context_length_exceeded',
  'content_filtered',
  'not_found',
  'cancelled',
  'budget_exceeded',
  'all_attempts_failed',
];

const transientKinds = new Set<ErrorKind>([
  'rate_limited',
  'overloaded',
  'server_error',
  'timeout',
  'network',
]);

/** Whether a kind of failure may go away if the same call is made again later. */
export const isTransientKind = (kind: ErrorKind): boolean => transientKinds.has(kind);

export interface LlmuxErrorOptions {
  kind: ErrorKind;
  message: string;
  /** Defaults to whether the kind is transient. */
  retryable?: boolean;
  retryAfterMs?: number;
  status?: number;
  provider?: string;
  model?: string;
  /** For `all_attempts_failed`: every attempt, in order, and why it failed. */
  attempts?: AttemptRecord[];
  cause?: unknown;
}

const marker = Symbol.for('llmux.error');

/**
 * The one error type of llmux. Recognise it with `LlmuxError.isInstance(e)`, which also
 * works when two copies of `@llmux/core` are installed (where `instanceof` does not).
 */
export class LlmuxError extends Error {
  readonly [marker] = true;
  override readonly name = 'LlmuxError';
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  readonly status?: number;
  readonly provider?: string;
  readonly model?: string;
  readonly attempts?: AttemptRecord[];

  constructor(options: LlmuxErrorOptions) {
    super(options.message, { cause: options.cause });
    this.kind = options.kind;
    this.retryable = options.retryable ?? isTransientKind(options.kind);
    this.retryAfterMs = options.retryAfterMs;
    this.status = options.status;
    this.provider = options.provider;
    this.model = options.model;
    this.attempts = options.attempts;
  }

  static isInstance(error: unknown): error is LlmuxError {
    return typeof error === 'object' && error !== null && marker in error;
  }

  /** A plain object for logs and JSON: no cause chain, no stack. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
      status: this.status,
      provider: this.provider,
      model: this.model,
      attempts: this.attempts,
    };
  }
}

/** The error a caller's abort signal stands for. */
export const cancelledError = (signal?: AbortSignal, provider?: string): LlmuxError =>
  new LlmuxError({
    kind: 'cancelled',
    message: 'The request was cancelled',
    provider,
    cause: signal?.reason,
  });

/** Wraps anything thrown into an LlmuxError, keeping LlmuxErrors as they are. */
export const toLlmuxError = (error: unknown, fallback: Partial<LlmuxErrorOptions> = {}) => {
  if (LlmuxError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new LlmuxError({ kind: 'server_error', message, ...fallback, cause: error });
};
