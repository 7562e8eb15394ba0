import { type Clock, systemClock } from '../clock.js';
import { LlmuxError } from '../errors.js';
import { emit, type Observer } from '../observer.js';

export interface StoreBreakerOptions {
  /** Names the store in events and errors. Default `redis`. */
  name?: string;
  /** After a failure, how long commands fail at once before one tries the store again. Default 1000 ms. */
  retryMs?: number;
  clock?: Clock;
  /** Told with a `store` event when the store goes down and when it is back. */
  observer?: Observer;
}

/** What the layers sharing a store know of it now. */
export interface StoreHealth {
  state: 'up' | 'down';
  /** Since when, epoch ms (0: up since the start). */
  since: number;
  /** The last failure, while down. */
  detail?: string;
}

/**
 * A circuit breaker for one shared store (a Redis client), shared by every layer that uses it:
 * once a command fails (a timeout, a lost connection), every command fails at once for
 * `retryMs`, so requests stop paying the store's timeout; then one command at a time tries the
 * store again, and the first that succeeds closes the circuit.
 */
export interface StoreBreaker {
  run<T>(command: () => Promise<T>): Promise<T>;
  health(): StoreHealth;
}

export function createStoreBreaker(options: StoreBreakerOptions = {}): StoreBreaker {
  const { name = 'redis', retryMs = 1000, clock = systemClock, observer } = options;
  let health: StoreHealth = { state: 'up', since: 0 };
  let skipUntil = Number.NEGATIVE_INFINITY;

  const change = (next: StoreHealth) => {
    const moved = next.state !== health.state;
    health = next;
    if (moved) emit(observer, { type: 'store', store: name, ...next, at: next.since });
  };

  return {
    health: () => health,
    async run(command) {
      const now = clock.now();
      if (now < skipUntil) {
        throw new LlmuxError({
          kind: 'network',
          message: `${name} is unavailable (${health.detail ?? 'failing'}); not tried again until ${Math.ceil(skipUntil - now)} ms from now`,
          provider: name,
        });
      }
      // While down, this command is the one probe: the others fail at once until it is back.
      if (health.state === 'down') skipUntil = now + retryMs;
      try {
        const result = await command();
        if (health.state === 'down') {
          skipUntil = Number.NEGATIVE_INFINITY;
          change({ state: 'up', since: clock.now() });
        }
        return result;
      } catch (error) {
        const failedAt = clock.now();
        skipUntil = failedAt + retryMs;
        const detail = error instanceof Error ? error.message : String(error);
        change(
          health.state === 'down'
            ? { ...health, detail }
            : { state: 'down', since: failedAt, detail },
        );
        throw error;
      }
    },
  };
}
