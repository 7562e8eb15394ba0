import { randomInt } from 'node:crypto';
import type { Clock } from '@llmux/core';
import type { SimulatorBehavior } from './behavior.js';
import type { SimulatorCounters } from './counters.js';
import type { FaultQueue } from './faults.js';
import type { RateLimits } from './rate-limits.js';
import type { SimRequest, SimulatorDialect } from './types.js';

/** How many received requests a simulator keeps for tests to inspect. */
export const KEPT_REQUESTS = 1000;

/** The live state one simulator's request handler works on. */
export interface SimulatorContext {
  dialect: SimulatorDialect;
  clock: Clock;
  random: () => number;
  behavior: SimulatorBehavior;
  faults: FaultQueue;
  rateLimits: RateLimits;
  counters: SimulatorCounters;
  requests: SimRequest[];
  newId: (kind: 'response' | 'toolCall' | 'request') => string;
  /** Aborted by `close()`: ends waits and hung calls. */
  closing: AbortSignal;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Ids shaped like the provider's (`msg_01…`): its prefix and 24 random characters. */
export const randomIdMaker =
  (dialect: SimulatorDialect) =>
  (kind: 'response' | 'toolCall' | 'request'): string => {
    const prefix = dialect.idPrefixes?.[kind] ?? '';
    let id = '01';
    while (id.length < 24) id += ALPHABET[randomInt(ALPHABET.length)];
    return prefix + id;
  };
