import { type Clock, invalidOption, systemClock } from '@llmux/core';
import type { BatchObserver } from './batch-events.js';
import type { BatchManager } from './batch-manager.js';

export interface BatchingOptions {
  /** Runs the collected requests as batch jobs. Give it the same model as `live`. */
  manager: BatchManager;
  /**
   * Fewer requests than this, collected over `maxWaitMs`, go live instead: a handful is not
   * worth a batch window. Default 10.
   */
  minBatchSize?: number;
  /** At this many waiting requests a batch goes out at once. Default 1000. */
  maxBatchSize?: number;
  /** How long requests are collected, from the first, before they go out. Default 60 s. */
  maxWaitMs?: number;
  /**
   * A request without `metadata.priority` waits for a batch when its `deadlineAt` is at least
   * this far away. Default 24 hours: the providers' batch window.
   */
  minDeadlineMs?: number;
  clock?: Clock;
  observer?: BatchObserver;
}

const invalid = (field: string, expected: string, got: unknown) =>
  invalidOption(field, expected, got, 'batching option');

function count(
  options: BatchingOptions,
  field: keyof BatchingOptions,
  fallback: number,
  min: number,
) {
  const value = options[field] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalid(field, `an integer >= ${min}`, value);
  }
  return value;
}

/** The options with their defaults; a bad one throws `invalid_request` naming it. */
export function resolveBatchingOptions(options: BatchingOptions) {
  const { manager, clock = systemClock, observer } = options ?? {};
  if (typeof manager?.submit !== 'function' || typeof manager.outcome !== 'function') {
    throw invalid('manager', 'a BatchManager (createBatchManager())', manager);
  }
  const minBatchSize = count(options, 'minBatchSize', 10, 1);
  const maxBatchSize = count(options, 'maxBatchSize', 1000, minBatchSize);
  if (observer !== undefined && typeof observer !== 'function') {
    throw invalid('observer', 'a function', observer);
  }
  return {
    manager,
    minBatchSize,
    maxBatchSize,
    maxWaitMs: count(options, 'maxWaitMs', 60_000, 0),
    minDeadlineMs: count(options, 'minDeadlineMs', 24 * 3_600_000, 0),
    clock,
    observer,
  };
}
