import type { Clock } from '@llmux/core';
import type { BatchStore } from './batch-store.js';
import type { SimulatorBehavior } from './behavior.js';
import type { SimulatorCounters } from './counters.js';
import type { FaultQueue } from './faults.js';
import type { SimPromptCache } from './prompt-cache.js';
import { ALPHANUMERIC, randomChars } from './random-chars.js';
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
  /** Batches and files of the batch APIs. */
  batches: BatchStore;
  /** The provider's prompt cache, where its dialect models one. */
  promptCache?: SimPromptCache;
  newId: (kind: 'response' | 'toolCall' | 'request') => string;
  /** Aborted by `close()`: ends waits and hung calls. */
  closing: AbortSignal;
}

/** Ids shaped like the provider's (`msg_01…`): its prefix and 24 random characters. */
export const randomIdMaker =
  (dialect: SimulatorDialect) =>
  (kind: 'response' | 'toolCall' | 'request'): string =>
    `${dialect.idPrefixes?.[kind] ?? ''}01${randomChars(ALPHANUMERIC, 22)}`;
