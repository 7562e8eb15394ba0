import { createManualClock } from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { combineHeadroom } from './combine-headroom.js';
import { createMemoryStore } from './memory-store.js';
import { rateLimit } from './rate-limited-model.js';

describe('combineHeadroom', () => {
  it('answers each target from the limiter of that provider and model, {} for others', async () => {
    const clock = createManualClock(1_000_000);
    const store = createMemoryStore();
    const limited = (provider: string, modelId: string, requestsPerMinute: number) =>
      rateLimit(createMockModel({ provider, modelId, clock }), {
        store,
        clock,
        limits: { model: { requestsPerMinute } },
      });
    const claude = limited('anthropic', 'claude-sonnet-4-6', 4);
    const gpt = limited('openai', 'gpt-5', 10);
    await claude.generate({ messages: [{ role: 'user', content: 'hi' }] });
    const headroom = combineHeadroom([claude, gpt]);

    expect(await headroom.headroom({ provider: 'anthropic', model: 'claude-sonnet-4-6' })).toEqual({
      requests: 0.75,
      inFlight: 0,
    });
    expect(await headroom.headroom({ provider: 'openai', model: 'gpt-5' })).toEqual({
      requests: 1,
      inFlight: 0,
    });
    expect(await headroom.headroom({ provider: 'gemini', model: 'gemini-2.5-pro' })).toEqual({});
  });
});
