import { type Clock, systemClock } from '../clock.js';
import type { KeyValueStore } from './key-value-store.js';

export interface MemoryKeyValueStoreOptions {
  clock?: Clock;
  /** Entries kept at most; the least recently used go first. */
  maxEntries?: number;
  /** Bytes of keys and values (UTF-16, as held in memory) kept at most. */
  maxBytes?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
  bytes: number;
}

/** A least-recently-used store bounded by entries and by bytes, with per-entry expiry. */
export function createMemoryKeyValueStore(
  options: MemoryKeyValueStoreOptions = {},
): KeyValueStore & {
  readonly size: number;
  readonly bytes: number;
} {
  const { clock = systemClock, maxEntries = 10_000, maxBytes = 64 * 1024 * 1024 } = options;
  // A Map iterates in insertion order, so re-inserting on use keeps the oldest first.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  // The most recently used key: a hit on it again (a hot answer) need not move it.
  let newest: string | undefined;
  // Evictions go on from where the last one stopped: an iterator started afresh would step over
  // every entry deleted before it (the Map keeps them as holes until it compacts), each time.
  let order: Iterator<string> | undefined;
  const oldest = (): string => {
    let next = order?.next();
    if (!next || next.done) {
      order = entries.keys();
      next = order.next();
    }
    return next.value as string;
  };

  const remove = (key: string) => {
    const found = entries.get(key);
    if (!found) return;
    entries.delete(key);
    bytes -= found.bytes;
  };

  return {
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    async get(key) {
      const found = entries.get(key);
      if (!found) return undefined;
      if (found.expiresAt <= clock.now()) {
        remove(key);
        return undefined;
      }
      if (key !== newest) {
        entries.delete(key);
        entries.set(key, found);
        newest = key;
      }
      return found.value;
    },
    async set(key, value, ttlMs) {
      remove(key);
      const size = (key.length + value.length) * 2;
      if (size > maxBytes) return;
      entries.set(key, {
        value,
        bytes: size,
        expiresAt: ttlMs === undefined ? Infinity : clock.now() + ttlMs,
      });
      bytes += size;
      newest = key;
      while (entries.size > maxEntries || bytes > maxBytes) remove(oldest());
    },
    async delete(key) {
      remove(key);
    },
  };
}
