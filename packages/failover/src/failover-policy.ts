import {
  type ErrorKind,
  errorKinds,
  invalidOption,
  isLocalRefusal,
  isTransientKind,
  type LlmuxError,
  type ModelCatalog,
} from '@llmux/core';

/**
 * Failures that are the provider's, not the request's: another provider may well answer, and
 * (but for capacity signals) they count against the provider's health. These are core's transient
 * kinds, and authentication, permission and not-found, which are about this provider's account or
 * model.
 */
export const defaultFailoverKinds: readonly ErrorKind[] = [
  ...errorKinds.filter(isTransientKind),
  'authentication',
  'permission',
  'not_found',
];

/**
 * A provider that answers 429 or overloaded (529, 503) is busy, not broken: such an answer moves
 * the request on and shapes traffic (see `createCapacityPause`), but never opens a circuit. A
 * rate limiter's refusal is one too.
 */
export const isCapacitySignal = (error: LlmuxError): boolean =>
  error.kind === 'rate_limited' || error.kind === 'overloaded';

export interface ModelRef {
  provider: string;
  model: string;
}

/** What one call's ending means for the health of the provider and model it went to. */
export type HealthOutcome = 'success' | 'failure' | 'ignore';

export interface FailoverPolicy {
  /** The provider is at fault: the request may move on, and its health suffers. */
  isProviderFailure(error: LlmuxError): boolean;
  /**
   * Whether a request that failed at `from` with `error` may be tried at `to`: after a provider's
   * failure, a rate limiter's spent budget, or a context-length error (to a larger window only).
   */
  canMoveOn(error: LlmuxError, from: ModelRef, to: ModelRef): boolean;
  /**
   * A cancelled call, one a layer of llmux refused before it reached the provider (a rate
   * limiter), or a capacity signal says nothing about whether the provider is broken; one the
   * provider refused for the request's own sake (invalid, too long, filtered) shows it up and
   * answering.
   */
  outcomeOf(error: LlmuxError | undefined): HealthOutcome;
}

export function createFailoverPolicy(
  kinds: readonly ErrorKind[] | undefined,
  catalog: ModelCatalog,
  field = 'failoverOn',
): FailoverPolicy {
  const chosen = kinds ?? defaultFailoverKinds;
  if (!Array.isArray(chosen)) throw invalidOption(field, 'an array of error kinds', chosen);
  for (const [index, kind] of chosen.entries()) {
    if (!errorKinds.includes(kind)) {
      throw invalidOption(`${field}[${index}]`, `one of ${errorKinds.join(', ')}`, kind);
    }
  }
  const moveOn = new Set(chosen);

  const contextWindow = (ref: ModelRef) => catalog.get(ref.provider, ref.model)?.contextWindow;
  const isProviderFailure = (error: LlmuxError) => moveOn.has(error.kind);

  return {
    isProviderFailure,
    canMoveOn(error, from, to) {
      if (isProviderFailure(error)) return true;
      // A rate limiter's spent budget may be this model's or provider's alone: another may have
      // room. When it is the tenant's, every limiter refuses as cheaply, and that is the answer.
      if (error.kind === 'budget_exceeded' && isLocalRefusal(error)) return true;
      if (error.kind !== 'context_length_exceeded') return false;
      // Only a model that holds more can take a request that was too long; unknown is not more.
      const fromWindow = contextWindow(from);
      const toWindow = contextWindow(to);
      return fromWindow !== undefined && toWindow !== undefined && toWindow > fromWindow;
    },
    outcomeOf(error) {
      if (!error) return 'success';
      if (error.kind === 'cancelled' || isLocalRefusal(error) || isCapacitySignal(error)) {
        return 'ignore';
      }
      return isProviderFailure(error) ? 'failure' : 'success';
    },
  };
}
