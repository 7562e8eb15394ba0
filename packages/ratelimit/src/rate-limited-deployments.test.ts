import { createManualClock, LlmuxError, withDeployment } from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { combineHeadroom } from './combine-headroom.js';
import { createMemoryStore } from './memory-store.js';
import { rateLimit } from './rate-limited-model.js';

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

/** Two keys of openai/gpt-5 and the plain default deployment, on one store. */
function setup() {
  const clock = createManualClock(1_000_000);
  const store = createMemoryStore();
  const mocks = ['k1', 'k2', 'default'].map(() =>
    createMockModel({ provider: 'openai', modelId: 'gpt-5', clock }),
  );
  const limited = (index: number, deploymentId?: string) => {
    const mock = mocks[index]!;
    return rateLimit(deploymentId ? withDeployment(mock, deploymentId) : mock, {
      store,
      clock,
      limits: { model: { requestsPerMinute: 4 } },
      mode: 'fail-fast',
    });
  };
  return {
    clock,
    mocks,
    k1: limited(0, 'openai-k1:gpt-5'),
    k2: limited(1, 'openai-k2:gpt-5'),
    plain: limited(2),
  };
}

const target = (deployment?: string) => ({
  provider: 'openai',
  model: 'gpt-5',
  ...(deployment && { deployment }),
});

describe('rate limits per deployment', () => {
  it('counts each deployment of a model on its own, and keeps its id', async () => {
    const { k1, k2, plain } = setup();
    expect(k1.deploymentId).toBe('openai-k1:gpt-5');
    expect(plain.deploymentId).toBeUndefined();
    for (let i = 0; i < 4; i++) await k1.generate(ask);
    await expect(k1.generate(ask)).rejects.toMatchObject({
      kind: 'rate_limited',
      message: expect.stringContaining('model openai/gpt-5 (openai-k1:gpt-5) requestsPerMinute'),
    });
    await expect(k2.generate(ask)).resolves.toBeDefined();
    await expect(plain.generate(ask)).resolves.toBeDefined();
    const headroom = combineHeadroom([k1, k2, plain]);
    expect(await headroom.headroom(target('openai-k1:gpt-5'))).toMatchObject({ requests: 0 });
    expect(await headroom.headroom(target('openai-k2:gpt-5'))).toMatchObject({ requests: 0.75 });
    expect(await headroom.headroom(target())).toMatchObject({ requests: 0.75 });
    expect(await k1.headroom(target('openai-k2:gpt-5'))).toEqual({});
  });

  it('pauses only the deployment whose provider said 429', async () => {
    const { clock, mocks, k1, k2 } = setup();
    const quota = new LlmuxError({ kind: 'rate_limited', message: '429', retryAfterMs: 30_000 });
    mocks[0]!.enqueue({ error: quota });
    await expect(k1.generate(ask)).rejects.toMatchObject({ kind: 'rate_limited' });
    const headroom = combineHeadroom([k1, k2]);
    expect(await headroom.headroom(target('openai-k1:gpt-5'))).toMatchObject({
      pausedUntil: clock.now() + 30_000,
    });
    expect(await headroom.headroom(target('openai-k2:gpt-5'))).not.toHaveProperty('pausedUntil');
  });
});
