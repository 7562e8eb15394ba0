import { type Clock, systemClock } from '../clock.js';
import type { CircuitRecord, HealthSample, HealthSnapshot, HealthStore } from './health-store.js';

interface Entry {
  samples: HealthSample[];
  consecutiveFailures: number;
  circuit: CircuitRecord;
}

export interface MemoryHealthStoreOptions {
  clock?: Clock;
  /** Samples kept per key at most; older ones drop off first. */
  maxSamples?: number;
}

export function createMemoryHealthStore(options: MemoryHealthStoreOptions = {}): HealthStore {
  const { clock = systemClock, maxSamples = 1000 } = options;
  const entries = new Map<string, Entry>();

  const entry = (key: string): Entry => {
    let found = entries.get(key);
    if (!found) {
      found = { samples: [], consecutiveFailures: 0, circuit: { state: 'closed', since: 0 } };
      entries.set(key, found);
    }
    return found;
  };

  const snapshot = (found: Entry, windowMs: number): HealthSnapshot => {
    // Older samples stay: readers ask over different windows (the router's may be longer).
    const from = clock.now() - windowMs;
    const inWindow = found.samples.filter((s) => s.at > from);
    const successes = inWindow.filter((s) => s.ok);
    return {
      circuit: { ...found.circuit },
      samples: inWindow.length,
      failures: inWindow.length - successes.length,
      consecutiveFailures: found.consecutiveFailures,
      latencyMs: successes.length
        ? successes.reduce((sum, s) => sum + s.latencyMs, 0) / successes.length
        : undefined,
    };
  };

  return {
    async record(key, sample, windowMs) {
      const found = entry(key);
      found.samples.push(sample);
      if (found.samples.length > maxSamples) found.samples.shift();
      found.consecutiveFailures = sample.ok ? 0 : found.consecutiveFailures + 1;
      return snapshot(found, windowMs);
    },
    async read(key, windowMs) {
      return snapshot(entry(key), windowMs);
    },
    async transition(key, expected, next) {
      const found = entry(key);
      if (found.circuit.state !== expected) return false;
      found.circuit = { ...next };
      return true;
    },
  };
}
