import { createManualClock } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createBatchManager } from './batch-manager.js';
import type { BatchManagerOptions } from './batch-manager-options.js';
import { ask } from './batch-test-setup.js';
import { openaiBatch } from './openai/openai-batch-adapter.js';

const clock = createManualClock(0);
const adapters = [openaiBatch({ apiKey: 'test-key' })];

describe('createBatchManager options', () => {
  it.each<[string, Partial<BatchManagerOptions>, string]>([
    [
      'no adapters',
      { adapters: [] },
      '"adapters": expected a non-empty array of batch adapters, got an array',
    ],
    ['not an adapter', { adapters: [{} as never] }, '"adapters[0]": expected a batch adapter'],
    [
      'two for a provider',
      { adapters: [...adapters, ...adapters] },
      '"adapters[1].provider": expected one adapter per provider, got "openai"',
    ],
    [
      'a store without set',
      { store: { get: async () => undefined } as never },
      '"store": expected a KeyValueStore',
    ],
    ['a live model that is not one', { live: {} as never }, '"live": expected a LanguageModel'],
    [
      'a poll of 0',
      { pollIntervalMs: 0 },
      '"pollIntervalMs": expected a finite number >= 1, got 0',
    ],
    [
      'a lease shorter than a poll',
      { pollIntervalMs: 60_000, leaseMs: 30_000 },
      '"leaseMs": expected more than pollIntervalMs (60000), got 30000',
    ],
    [
      'a fractional concurrency',
      { liveConcurrency: 1.5 },
      '"liveConcurrency": expected an integer >= 1, got 1.5',
    ],
    [
      'an unknown error kind',
      { failoverOn: ['busy' as never] },
      '"failoverOn": expected an array of error kinds',
    ],
    [
      'a candidate without a model',
      { candidates: [{ provider: 'openai' } as never] },
      '"candidates[0].model": expected a non-empty string, got undefined',
    ],
    [
      'a budget without record',
      { budget: { reserve: async () => {} } as never },
      '"budget": expected a BatchBudget',
    ],
  ])('refuses %s, naming the field', (_, options, message) => {
    expect(() => createBatchManager({ adapters, clock, ...options })).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(message),
      }),
    );
  });
});

describe('submit', () => {
  const manager = () =>
    createBatchManager({
      adapters,
      clock,
      candidates: [{ provider: 'openai', model: 'gpt-5-mini' }],
    });

  it.each<[string, unknown, string]>([
    [
      'no items',
      { items: [] },
      'Invalid batch job field "items": expected a non-empty array of { id, request }',
    ],
    [
      'an item without an id',
      { items: [{ request: ask('a') }] },
      '"items[0].id": expected a non-empty string, unique in the job, got undefined',
    ],
    [
      'two items with one id',
      {
        items: [
          { id: 'a', request: ask('a') },
          { id: 'a', request: ask('b') },
        ],
      },
      '"items[1].id": expected a non-empty string, unique in the job, got "a"',
    ],
    [
      'an item without messages',
      { items: [{ id: 'a', request: {} }] },
      '"items[0].request": expected a GenerateRequest',
    ],
    [
      'a deadline that is not a time',
      { items: [{ id: 'a', request: ask('a') }], deadlineAt: 'soon' },
      '"deadlineAt": expected epoch milliseconds, got "soon"',
    ],
    [
      'metadata that is not strings',
      { items: [{ id: 'a', request: ask('a') }], metadata: { n: 1 } },
      '"metadata": expected an object of string values',
    ],
    [
      'candidates without a batch API',
      {
        items: [
          { id: 'a', request: ask('a'), candidates: [{ provider: 'mistral', model: 'small' }] },
        ],
      },
      '"items[0].candidates": expected a candidate of a provider with a batch adapter (openai), got "mistral"',
    ],
  ])('refuses %s, naming the field', async (_, job, message) => {
    const made = manager();
    await expect(made.submit(job as never)).rejects.toMatchObject({
      kind: 'invalid_request',
      message: expect.stringContaining(message),
    });
    await made.close();
  });
});
