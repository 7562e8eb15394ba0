import {
  type CircuitState,
  type Clock,
  createMemoryHealthStore,
  emit,
  type HealthSnapshot,
  type HealthStore,
  healthDefaults,
  invalidOption,
  type Observer,
} from '@llmux/core';
import type { HealthOutcome } from './failover-policy.js';
import { numberOption, objectOption } from './validate-options.js';

export interface CircuitBreakerOptions {
  /** Where circuit state and outcomes live; share a Redis store to share them across a fleet. */
  store?: HealthStore;
  /** Outcomes older than this are forgotten. Default 60 000 ms. */
  windowMs?: number;
  /** Opens when at least this share of the calls in the window failed. Default 0.5. */
  failureRate?: number;
  /** ...and the window holds at least this many calls. Default 10. */
  minSamples?: number;
  /**
   * Opens after this many failures in a row within the window. Default 10: at a 30% failure rate
   * a run of 10 comes once in some 240 000 calls, while a provider that is down trips it in 10.
   */
  consecutiveFailures?: number;
  /** How long an open circuit skips calls before it lets a probe through. Default 30 000 ms. */
  openMs?: number;
  /** A half-open probe that has not reported by then is presumed lost; another may go. Default 60 000 ms. */
  probeTimeoutMs?: number;
  /**
   * The largest share of a plan's candidates that may be passed over for their circuits. When
   * more are open (or half-open with their probe out), the least bad of them are tried anyway
   * once the others have failed, so a request is never refused for its circuits alone. 1 lets
   * every circuit be passed over. Default 0.5.
   */
  maxOpenShare?: number;
}

/** Leave to make one call, from `acquire`. */
export interface Permit {
  key: string;
  /** This call is the half-open probe: its outcome closes or re-opens the circuit. */
  probe: boolean;
  /** Since when the circuit has been in the state the permit was given in. */
  since: number;
}

/** A call the circuit refused, with what a request needs to pick a last resort among refusals. */
export interface Refusal {
  allowed: false;
  state: CircuitState;
  /** When an open circuit lets a probe through. */
  retryAfterMs?: number;
  /** Share of the calls in the window that failed (0 without calls): lower is less bad. */
  failureRate: number;
  /** Leave to call anyway, as a last resort: its outcome counts in the window, moving no open circuit. */
  lastResort: Permit;
}

export type Admission = { allowed: true; permit: Permit } | Refusal;

export interface CircuitBreaker {
  /** Whether a call to `key` may go now; an open circuit answers at once. */
  acquire(key: string): Promise<Admission>;
  /** Reports how a permitted call ended. */
  record(permit: Permit, outcome: HealthOutcome, latencyMs: number): Promise<void>;
  /** The `maxOpenShare` option: how much of a plan may be passed over for its circuits. */
  readonly maxOpenShare: number;
}

export interface CircuitBreakerContext {
  clock: Clock;
  observer?: Observer;
}

/**
 * A circuit breaker per provider and model whose state lives in a `HealthStore`: closed, it counts
 * outcomes and opens on a failure rate or a run of failures; open, it refuses calls for `openMs`;
 * then exactly one caller wins the compare-and-set to half-open and probes, and its outcome closes
 * or re-opens the circuit. A refusal says how bad the circuit is and carries a last-resort permit,
 * for a request left with nothing better (see `maxOpenShare`). When the store fails, the breaker
 * lets calls through (fails open).
 */
export function createCircuitBreaker(
  input: CircuitBreakerOptions | undefined,
  context: CircuitBreakerContext,
  field = 'breaker',
): CircuitBreaker {
  const options = objectOption(input, field);
  const { clock, observer } = context;
  const store = options.store ?? createMemoryHealthStore({ clock });
  if (typeof store.record !== 'function' || typeof store.transition !== 'function') {
    throw invalidOption(`${field}.store`, 'a HealthStore', store);
  }
  const positive = { above: 0 };
  const windowMs = numberOption(
    options.windowMs,
    `${field}.windowMs`,
    positive,
    healthDefaults.windowMs,
  );
  const failureRate = numberOption(
    options.failureRate,
    `${field}.failureRate`,
    { above: 0, max: 1 },
    healthDefaults.failureRate,
  );
  const minSamples = numberOption(
    options.minSamples,
    `${field}.minSamples`,
    { integer: true, min: 1 },
    healthDefaults.minSamples,
  );
  const consecutiveFailures = numberOption(
    options.consecutiveFailures,
    `${field}.consecutiveFailures`,
    { integer: true, min: 1 },
    10,
  );
  const openMs = numberOption(options.openMs, `${field}.openMs`, positive, healthDefaults.openMs);
  const probeTimeoutMs = numberOption(
    options.probeTimeoutMs,
    `${field}.probeTimeoutMs`,
    positive,
    60_000,
  );
  const maxOpenShare = numberOption(
    options.maxOpenShare,
    `${field}.maxOpenShare`,
    { min: 0, max: 1 },
    0.5,
  );

  const move = async (key: string, from: CircuitState, to: CircuitState, since: number) => {
    const moved = await store.transition(key, from, { state: to, since });
    if (moved) emit(observer, { type: 'circuit', key, from, to, at: clock.now() });
    return moved;
  };

  const probe = (key: string, since: number): Admission => ({
    allowed: true,
    permit: { key, probe: true, since },
  });

  const admit = async (key: string, snapshot: HealthSnapshot): Promise<Admission> => {
    const { circuit } = snapshot;
    const now = clock.now();
    const permit = { key, probe: false, since: circuit.since };
    if (circuit.state === 'closed') return { allowed: true, permit };
    const refuse = (state: CircuitState, retryAfterMs?: number): Refusal => ({
      allowed: false,
      state,
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      failureRate: snapshot.samples > 0 ? snapshot.failures / snapshot.samples : 0,
      lastResort: permit,
    });
    if (circuit.state === 'open') {
      const reopensAt = circuit.since + openMs;
      if (now < reopensAt) return refuse('open', reopensAt - now);
      if (await move(key, 'open', 'half-open', now)) return probe(key, now);
      return refuse('half-open');
    }
    // Half-open: a probe is out. Take over one that has gone silent (its process may be gone).
    if (
      now - circuit.since >= probeTimeoutMs &&
      (await store.transition(key, 'half-open', { state: 'half-open', since: now }))
    ) {
      return probe(key, now);
    }
    return refuse('half-open');
  };

  // Outcomes from before the circuit last closed do not count against it again.
  const windowSince = (since: number) => clock.now() - Math.max(clock.now() - windowMs, since);

  // The run of failures is the latest outcomes, so its part in the window is at most the window's.
  const trips = (snapshot: HealthSnapshot) =>
    Math.min(snapshot.consecutiveFailures, snapshot.samples) >= consecutiveFailures ||
    (snapshot.samples >= minSamples && snapshot.failures / snapshot.samples >= failureRate);

  const settle = async (permit: Permit, outcome: HealthOutcome, latencyMs: number) => {
    const now = clock.now();
    if (outcome === 'ignore') {
      // A probe that was cancelled learned nothing: make the circuit due for another at once.
      if (permit.probe) await move(permit.key, 'half-open', 'open', now - openMs);
      return;
    }
    const ok = outcome === 'success';
    const sample = { ok, latencyMs, at: now };
    let snapshot = await store.record(permit.key, sample, windowSince(permit.since));
    if (permit.probe) {
      await move(permit.key, 'half-open', ok ? 'closed' : 'open', now);
      return;
    }
    if (ok || snapshot.circuit.state !== 'closed') return;
    if (snapshot.circuit.since > permit.since) {
      snapshot = await store.read(permit.key, windowSince(snapshot.circuit.since));
    }
    if (trips(snapshot)) await move(permit.key, 'closed', 'open', now);
  };

  return {
    maxOpenShare,
    async acquire(key) {
      try {
        return await admit(key, await store.read(key, windowMs));
      } catch {
        return { allowed: true, permit: { key, probe: false, since: 0 } };
      }
    },
    async record(permit, outcome, latencyMs) {
      try {
        await settle(permit, outcome, latencyMs);
      } catch {
        // Health is advisory: a store that is down must not fail the request it reports on.
      }
    },
  };
}
