import {
  createModelCatalog,
  defaultModels,
  type GenerateRequest,
  type ModelInfo,
  priceUsage,
  UnpricedModelError,
} from '@llmux/core';
import { createOpenAI } from '@llmux/provider-openai';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimitOptions } from './rate-limit-options.js';
import { rateLimit } from './rate-limited-model.js';

/**
 * The real OpenAI adapter, with core's default catalog, over the OpenAI simulator: a model the
 * catalog has no price for comes back at `costUsd` 0 with a warning, as it would in production.
 */
const unpriced = 'gpt-9-experimental';
const fallbackPricing = { input: 20, output: 80 };
const ask = (tenant: string): GenerateRequest => ({
  messages: [{ role: 'user', content: 'What is a budget?' }],
  maxOutputTokens: 50,
  metadata: { tenant },
});

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator('openai');
});
afterAll(() => simulator?.close());
beforeEach(() => simulator.reset());

const limited = (options: Partial<RateLimitOptions>, modelId = unpriced) =>
  rateLimit(createOpenAI({ apiKey: 'sk-test', baseURL: simulator.baseURL })(modelId), {
    limits: { tenants: { acme: { spendPerMonthUsd: 100 } } },
    mode: 'fail-fast',
    ...options,
  });

describe('a model without a price', () => {
  it('is refused before any call where a budget applies, naming it and how to price it', async () => {
    const model = limited({});
    const error = await model.generate(ask('acme')).catch((e: unknown) => e);
    expect(UnpricedModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'not_found', provider: 'openai', model: unpriced });
    expect((error as Error).message).toBe(
      `No price is known for openai model "${unpriced}": the tenant spendPerMonthUsd budget cannot count its calls, so they are refused; give it a price in the catalog passed to rateLimit (createModelCatalog([...], defaultModels)) or set rateLimit's fallbackPricing`,
    );
    const events = [];
    for await (const event of model.stream(ask('acme'))) events.push(event);
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ kind: 'not_found' }) },
    ]);
    expect(simulator.counters.requests).toBe(0);
  });

  it("still answers, at $0 with the adapter's warning, where no budget applies", async () => {
    const response = await limited({}).generate(ask('someone-else'));
    expect(response.costUsd).toBe(0);
    expect(response.warnings).toEqual([
      {
        type: 'other',
        message: expect.stringContaining(`No price is known for openai model "${unpriced}"`),
      },
    ]);
    expect(simulator.counters.requests).toBe(1);
  });

  it('counts against the budget at fallbackPricing, the estimate and the spend alike', async () => {
    const model = limited({ fallbackPricing });
    const response = await model.generate(ask('acme'));
    expect(response.costUsd).toBe(0);
    const spent = priceUsage(response.usage, fallbackPricing);
    expect(spent).toBeGreaterThan(0);
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(spent, 12);
    const streamed = model.stream(ask('acme'));
    for await (const _ of streamed) {
      // read to the end: the finish event settles the spend
    }
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(2 * spent, 12);

    // A budget the estimate at that price would overspend refuses the call before it is made.
    const tight = limited({
      fallbackPricing,
      limits: { tenant: { spendPerDayUsd: 0.001 } },
    });
    await expect(tight.generate(ask('acme'))).rejects.toMatchObject({ kind: 'budget_exceeded' });
    expect(simulator.counters.requests).toBe(2);
  });

  it("counts at the limiter's catalog price a model only the adapter cannot price", async () => {
    const row: ModelInfo = {
      ...defaultModels.find((info) => info.model === 'gpt-5')!,
      model: unpriced,
      pricing: { input: 3, output: 12 },
    };
    const model = limited({ catalog: createModelCatalog([row], defaultModels) });
    const response = await model.generate(ask('acme'));
    expect(response.costUsd).toBe(0);
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(
      priceUsage(response.usage, row.pricing),
      12,
    );
  });

  it('counts a priced model at the cost its adapter reported', async () => {
    const model = limited({}, 'gpt-5.4');
    const response = await model.generate(ask('acme'));
    expect(response.costUsd).toBeGreaterThan(0);
    expect((await model.spend('acme')).monthUsd).toBeCloseTo(response.costUsd, 12);
  });

  it('takes only a fallbackPricing of rates, naming a bad one', () => {
    expect(() => limited({ fallbackPricing: { input: 1 } as never })).toThrow(
      'fallbackPricing.output',
    );
    expect(() => limited({ fallbackPricing: { input: 1, output: 2, cacheRead: -1 } })).toThrow(
      'fallbackPricing.cacheRead',
    );
  });
});
