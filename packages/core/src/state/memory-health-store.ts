import { type Clock, systemClock } from '../clock.js';
import type { CircuitRecord, HealthSample, HealthSnapshot, HealthStore } from './health-store.js';

/** A kept sample, with the totals of every sample recorded before it under its key. */
interface Slot {
  sample: HealthSample;
  failuresBefore: number;
  successesBefore: number;
  latencyBefore: number;
}

interface Entry {
  /** The last `maxSamples` samples, a ring indexed by the order they were recorded in. */
  slots: Slot[];
  /** Samples ever recorded, and the totals over them: a window's counts are differences. */
  recorded: number;
  failures: number;
  successes: number;
  /** Summed latency of the successes. */
  latency: number;
  /** The latest sample recorded with an earlier `at` than the one before it; -1 for none. */
  disorder: number;
  consecutiveFailures: number;
  circuit: CircuitRecord;
}

export interface MemoryHealthStoreOptions {
  clock?: Clock;
  /** Samples kept per key at most; older ones drop off first. */
  maxSamples?: number;
}

/**
 * Health in this process. A read costs O(log maxSamples), however many samples its window
 * holds: samples come in time order, so the window is a run of the latest ones, found by binary
 * search, and its counts are running totals minus the totals before its first sample. Should a
 * sample come out of order (a clock set back), the reads that reach it count one by one.
 */
export function createMemoryHealthStore(options: MemoryHealthStoreOptions = {}): HealthStore {
  const { clock = systemClock, maxSamples = 1000 } = options;
  const entries = new Map<string, Entry>();

  const entry = (key: string): Entry => {
    let found = entries.get(key);
    if (!found) {
      found = {
        slots: [],
        recorded: 0,
        failures: 0,
        successes: 0,
        latency: 0,
        disorder: -1,
        consecutiveFailures: 0,
        circuit: { state: 'closed', since: 0 },
      };
      entries.set(key, found);
    }
    return found;
  };

  const slotOf = (found: Entry, index: number) => found.slots[index % maxSamples]!;

  /** Failures, successes and summed success latency of the kept samples after `from`. */
  const countAfter = (found: Entry, from: number) => {
    const oldest = found.recorded - found.slots.length;
    if (found.disorder > oldest) {
      const counts = { failures: 0, successes: 0, latency: 0 };
      for (let index = oldest; index < found.recorded; index++) {
        const { sample } = slotOf(found, index);
        if (sample.at <= from) continue;
        if (sample.ok) {
          counts.successes++;
          counts.latency += sample.latencyMs;
        } else counts.failures++;
      }
      return counts;
    }
    // The first kept sample after `from`: kept samples are in time order.
    let low = oldest;
    let high = found.recorded;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (slotOf(found, middle).sample.at > from) high = middle;
      else low = middle + 1;
    }
    if (low === found.recorded) return { failures: 0, successes: 0, latency: 0 };
    const first = slotOf(found, low);
    return {
      failures: found.failures - first.failuresBefore,
      successes: found.successes - first.successesBefore,
      latency: found.latency - first.latencyBefore,
    };
  };

  const snapshot = (found: Entry, windowMs: number): HealthSnapshot => {
    // Older samples stay: readers ask over different windows (the router's may be longer).
    const { failures, successes, latency } = countAfter(found, clock.now() - windowMs);
    return {
      circuit: { ...found.circuit },
      samples: failures + successes,
      failures,
      consecutiveFailures: found.consecutiveFailures,
      latencyMs: successes ? latency / successes : undefined,
    };
  };

  const add = (found: Entry, sample: HealthSample) => {
    const index = found.recorded;
    if (index > 0 && sample.at < slotOf(found, index - 1).sample.at) found.disorder = index;
    found.slots[index % maxSamples] = {
      sample,
      failuresBefore: found.failures,
      successesBefore: found.successes,
      latencyBefore: found.latency,
    };
    found.recorded++;
    if (sample.ok) {
      found.successes++;
      found.latency += sample.latencyMs;
    } else found.failures++;
    found.consecutiveFailures = sample.ok ? 0 : found.consecutiveFailures + 1;
  };

  return {
    async record(key, sample, windowMs) {
      const found = entry(key);
      add(found, sample);
      return snapshot(found, windowMs);
    },
    async read(key, windowMs) {
      return snapshot(entry(key), windowMs);
    },
    peek: (key, windowMs) => snapshot(entry(key), windowMs),
    async transition(key, expected, next) {
      const found = entry(key);
      if (found.circuit.state !== expected) return false;
      found.circuit = { ...next };
      return true;
    },
  };
}
