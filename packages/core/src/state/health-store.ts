import type { CircuitState } from '../observer.js';

/** The outcome of one call to a provider and model. */
export interface HealthSample {
  ok: boolean;
  latencyMs: number;
  at: number;
}

export interface CircuitRecord {
  state: CircuitState;
  /** When the circuit entered this state, epoch milliseconds. */
  since: number;
}

/** What is known of one provider and model over the recent window. */
export interface HealthSnapshot {
  circuit: CircuitRecord;
  /** Calls in the window, and how many of them failed. */
  samples: number;
  failures: number;
  /** Failures since the last success, whatever the window. */
  consecutiveFailures: number;
  /** Mean latency of the successful calls in the window. */
  latencyMs?: number;
}

/**
 * Provider health, written by failover (outcomes, circuit transitions) and health checks, read by
 * the router. Keys are `provider:model`. With a shared store a whole fleet sees one state.
 */
export interface HealthStore {
  /** Adds an outcome and returns the state over the last `windowMs`. */
  record(key: string, sample: HealthSample, windowMs: number): Promise<HealthSnapshot>;
  read(key: string, windowMs: number): Promise<HealthSnapshot>;
  /**
   * `read` at once, for a store that holds the state in this process; undefined when the state
   * must be fetched (a shared store), and then `read` it. The router plans every call with it.
   */
  peek?(key: string, windowMs: number): HealthSnapshot | undefined;
  /**
   * Moves the circuit to `next` if it is still in `expected`, and says whether it did: the
   * compare-and-set lets exactly one process of a fleet take a half-open probe.
   */
  transition(key: string, expected: CircuitState, next: CircuitRecord): Promise<boolean>;
}

export const healthKey = (provider: string, model: string): string => `${provider}:${model}`;
