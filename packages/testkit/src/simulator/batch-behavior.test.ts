import { describe, expect, it } from 'vitest';
import { batchSettings, validateBatchBehavior } from './batch-behavior.js';
import { validateBehavior } from './behavior.js';

describe('batch behaviour', () => {
  it('fills the fields left out with the defaults', () => {
    expect(batchSettings({ processingMs: 5 })).toEqual({
      queueMs: 1_000,
      processingMs: 5,
      finalizingMs: 1_000,
      cancellingMs: 1_000,
      failureShare: 0,
      failureStatus: 500,
    });
  });

  it.each([
    [{ processingMs: -1 }, 'batch.processingMs'],
    [{ queueMs: Number.POSITIVE_INFINITY }, 'batch.queueMs'],
    [{ failureShare: 1.5 }, 'batch.failureShare'],
    [{ failureStatus: 200 }, 'batch.failureStatus'],
    [{ enqueuedTokenLimit: 0 }, 'batch.enqueuedTokenLimit'],
  ])('refuses %j, naming the field', (batch, field) => {
    expect(() => validateBatchBehavior(batch)).toThrow(field);
    expect(() => validateBehavior({ batch })).toThrow(field);
  });

  it('refuses a batch behaviour that is not an object', () => {
    expect(() => validateBehavior({ batch: 3 as never })).toThrow('"batch" must be an object');
  });
});
