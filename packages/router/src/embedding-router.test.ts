import { createManualClock, type EmbedRequest, type LlmuxEvent } from '@llmux/core';
import { createOpenAI } from '@llmux/provider-openai';
import { type Simulator, simulatedEmbedding, startSimulator } from '@llmux/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddingRouter } from './embedding-router.js';

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('openai', { clock });
});
afterAll(() => sim.close());

/** The OpenAI adapter, keeping the requests it is given (a failover would run their plan). */
const executor = () => {
  const seen: EmbedRequest[] = [];
  const model = createOpenAI({ apiKey: 'sk', baseURL: sim.baseURL, clock }).embedding(
    'text-embedding-3-small',
    { dimensions: 16 },
  );
  const embed = (request: EmbedRequest) => {
    seen.push(request);
    return model.embed(request);
  };
  return { seen, model: { ...model, embed } };
};

describe('createEmbeddingRouter', () => {
  it("plans a group's candidates in configured order, reports the route and runs it below", async () => {
    const events: LlmuxEvent[] = [];
    const { seen, model } = executor();
    const router = createEmbeddingRouter({
      name: 'search',
      candidates: ['openai/text-embedding-3-small', 'gemini/gemini-embedding-001'],
      model,
      observer: (event) => events.push(event),
    });
    expect(router).toMatchObject({ provider: 'router', modelId: 'search', dimensions: 16 });
    const response = await router.embed({ inputs: ['hello'], metadata: { requestId: 'r1' } });
    expect(response.embeddings).toEqual([simulatedEmbedding('hello', 16)]);
    const plan = {
      reason: 'embedding group "search": candidates in configured order',
      candidates: [
        { provider: 'openai', model: 'text-embedding-3-small', reason: 'group "search" #1' },
        { provider: 'gemini', model: 'gemini-embedding-001', reason: 'group "search" #2' },
      ],
    };
    expect(seen[0]?.route).toEqual(plan);
    expect(events).toEqual([
      { type: 'route', requestId: 'r1', reason: plan.reason, plan: plan.candidates },
    ]);
  });

  it('keeps the plan a request brings (a pinned model)', async () => {
    const { seen, model } = executor();
    const router = createEmbeddingRouter({
      name: 'search',
      candidates: ['openai/text-embedding-3-small'],
      model,
    });
    const pinned = {
      reason: 'pinned',
      candidates: [{ provider: 'openai', model: 'text-embedding-3-small', reason: 'pinned' }],
    };
    await router.embed({ inputs: ['x'], route: pinned });
    expect(seen[0]?.route).toBe(pinned);
  });

  it('refuses a bad configuration, naming the field', () => {
    const { model } = executor();
    expect(() => createEmbeddingRouter({ name: 'g', candidates: [], model })).toThrow(
      'Invalid option "candidates"',
    );
    expect(() => createEmbeddingRouter({ name: 'g', candidates: ['openai'], model })).toThrow(
      'Invalid option "candidates[0]": expected "provider/model", got "openai"',
    );
    expect(() => createEmbeddingRouter({ name: '', candidates: ['a/b'], model })).toThrow(
      'Invalid option "name"',
    );
  });
});
