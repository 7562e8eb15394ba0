import type { Clock, KeyValueStore } from '@llmux/core';

export interface LeaseOptions {
  /** How long a lease lasts unless renewed. */
  ttlMs: number;
  /** Longer than any store write takes: see `claimLease`. */
  settleMs: number;
  clock: Clock;
}

/**
 * Takes a lease that nobody holds, on a store without compare-and-set (core's `KeyValueStore`),
 * as Fischer's mutual exclusion does: write your token, wait longer than a write can take, and
 * the lease is yours if your token is still there. Of processes claiming at once, only the last
 * writer finds its own token; this holds as long as every write lands within `settleMs`.
 */
export async function claimLease(
  store: KeyValueStore,
  key: string,
  token: string,
  { ttlMs, settleMs, clock }: LeaseOptions,
): Promise<boolean> {
  const holder = await store.get(key);
  if (holder !== undefined && holder !== token) return false;
  await store.set(key, token, ttlMs);
  await clock.sleep(settleMs);
  return (await store.get(key)) === token;
}

/**
 * Renews a lease this token holds. False once it lapsed: then it must be claimed again, since
 * another process may be claiming it at this moment.
 */
export async function renewLease(
  store: KeyValueStore,
  key: string,
  token: string,
  ttlMs: number,
): Promise<boolean> {
  if ((await store.get(key)) !== token) return false;
  await store.set(key, token, ttlMs);
  return true;
}
