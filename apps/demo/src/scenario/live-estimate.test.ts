import { defaultCatalog, estimateInputTokens } from '@llmux/core';
import { createStack, type Stack } from '@llmux/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateLiveCost } from './live-estimate.js';
import { defaultBurstLimit, scenarioConfig } from './scenario-config.js';
import { createWorkload } from './workload.js';

// Only Claude is live (a key that is never used: estimating plans, it calls nothing).
let stack: Stack;
beforeAll(async () => {
  const env = { ANTHROPIC_API_KEY: 'sk-ant-unused' };
  stack = await createStack(scenarioConfig({ burstLimit: defaultBurstLimit, env }), {
    live: true,
    env,
  });
});
afterAll(() => stack.close());

/** USD per million input and output tokens of the models the incident rules pick first. */
const rates: Record<string, [number, number]> = {
  'claude-haiku-4-5': [1, 5],
  'claude-sonnet-4-6': [3, 15],
};

describe('estimateLiveCost', () => {
  it('prices each fresh request planned to a live provider, typical and at most', async () => {
    const workload = createWorkload({ seed: 3, requests: 60 });
    const estimate = await estimateLiveCost(stack, workload, defaultCatalog);

    let typical = 0;
    let most = 0;
    let counted = 0;
    for (const item of workload.items) {
      const input = estimateInputTokens(item.request);
      const task = item.request.metadata?.task;
      // Log analyses and large requests go to Gemini (not live); repeats are the cache's.
      if (item.repeatOf !== undefined || task === 'summarization' || input > 30_000) continue;
      const haiku = task === 'classification' || input < 1_000;
      const [inRate, outRate] = rates[haiku ? 'claude-haiku-4-5' : 'claude-sonnet-4-6']!;
      const budget = item.request.maxOutputTokens!;
      typical += (input * inRate + Math.round(budget * 0.6) * outRate) / 1e6;
      most += (input * inRate + budget * outRate) / 1e6;
      counted++;
    }
    expect(estimate.liveProviders).toEqual(['anthropic']);
    expect(estimate.liveRequests).toBe(counted);
    expect(counted).toBeLessThan(60);
    expect(estimate.typicalUsd).toBeCloseTo(typical, 10);
    expect(estimate.maxUsd).toBeCloseTo(most, 10);
  });
});
