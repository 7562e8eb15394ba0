import {
  createManualClock,
  createMemoryHealthStore,
  LlmuxError,
  type RoutePlan,
  withDeployment,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { createFailover } from './failover-model.js';
import { drive, recorder, START, testCatalog } from './test-support.js';

const rateLimited = () =>
  new LlmuxError({ kind: 'rate_limited', message: '429', status: 429, retryAfterMs: 2000 });

/** Two keys of alpha:a-small (deployments k1 and k2) and beta:b-medium, on one manual clock. */
function setup() {
  const clock = createManualClock(START);
  const mock = (provider: string, modelId: string, text: string) =>
    createMockModel({ provider, modelId, clock, catalog: testCatalog, script: { text } });
  const k1 = mock('alpha', 'a-small', 'k1');
  const k2 = mock('alpha', 'a-small', 'k2');
  const b = mock('beta', 'b-medium', 'b');
  const events = recorder();
  const health = createMemoryHealthStore({ clock });
  const failover = createFailover({
    models: [withDeployment(k1, 'k1:a-small'), withDeployment(k2, 'k2:a-small'), b],
    breaker: { store: health, minSamples: 4, consecutiveFailures: 4 },
    clock,
    random: () => 0.5,
    observer: events.observer,
    catalog: testCatalog,
  });
  const generate = (route?: RoutePlan) =>
    drive(clock, failover.generate({ messages: [{ role: 'user', content: 'hi' }], route }));
  return { clock, k1, k2, b, events, health, failover, generate };
}

const groupPlan: RoutePlan = {
  reason: 'test plan',
  candidates: [
    { provider: 'alpha', model: 'a-small', deployment: 'k1:a-small', reason: 'first key' },
    { provider: 'alpha', model: 'a-small', deployment: 'k2:a-small', reason: 'second key' },
    { provider: 'beta', model: 'b-medium', reason: 'next model' },
  ],
};

describe('failover across deployments of one model', () => {
  it('keeps two deployments of a model apart, and refuses one listed twice', () => {
    const { failover, k1 } = setup();
    expect(failover.modelId).toBe('k1:a-small,k2:a-small,beta:b-medium');
    expect(() => createFailover({ models: [k1, k1] })).toThrow(
      /models\[1\].*a deployment not listed before.*"alpha:a-small"/,
    );
    expect(() =>
      createFailover({ models: [withDeployment(k1, 'x'), withDeployment(k1, 'x')] }),
    ).toThrow(/models\[1\].*"x"/);
  });

  it('moves a 429 on one key to the other key at once, before another model', async () => {
    const { k1, k2, b, events, generate } = setup();
    k1.enqueue({ error: rateLimited() });
    const response = await generate(groupPlan);
    expect(response.content).toEqual([{ type: 'text', text: 'k2' }]);
    expect([k1.calls.length, k2.calls.length, b.calls.length]).toEqual([1, 1, 0]);
    expect(events.of('retry')).toEqual([]);
    expect(response.trace.attempts.map((a) => [a.deployment, a.errorKind ?? a.outcome])).toEqual([
      ['k1:a-small', 'rate_limited'],
      ['k2:a-small', 'success'],
    ]);
    expect(events.of('failover')[0]).toMatchObject({
      from: { deployment: 'k1:a-small' },
      to: { deployment: 'k2:a-small' },
      errorKind: 'rate_limited',
    });
  });

  it('waits out a 429 on the last key of a model before changing models, as for any model', async () => {
    const { k1, k2, b, generate } = setup();
    k1.enqueue({ error: rateLimited() });
    k2.enqueue({ error: rateLimited() });
    const response = await generate(groupPlan);
    expect(response.content).toEqual([{ type: 'text', text: 'k2' }]);
    expect([k1.calls.length, k2.calls.length, b.calls.length]).toEqual([1, 2, 0]);
  });

  it('opens the circuit of the failing deployment only; the other key answers', async () => {
    const { k1, k2, events, generate } = setup();
    k1.setScript({ error: 'server_error' });
    for (let i = 0; i < 6; i++) {
      const response = await generate(groupPlan);
      expect(response.content).toEqual([{ type: 'text', text: 'k2' }]);
    }
    expect(events.of('circuit').map((e) => `${e.key} ${e.from}>${e.to}`)).toEqual([
      'k1:a-small closed>open',
    ]);
    // Open, k1 is passed over: the next requests go straight to k2.
    const before = k1.calls.length;
    await generate(groupPlan);
    expect(k1.calls.length).toBe(before);
    expect(k2.calls.length).toBe(7);
  });

  it('names a deployment it does not have, or one of another model', async () => {
    const { generate } = setup();
    const unknown = (deployment: string, model = 'a-small'): RoutePlan => ({
      reason: 'test',
      candidates: [{ provider: 'alpha', model, deployment, reason: 'x' }],
    });
    await expect(generate(unknown('k3:a-small'))).rejects.toMatchObject({
      kind: 'not_found',
      message: expect.stringContaining('alpha/a-small at k3:a-small, which is not among'),
    });
    await expect(generate(unknown('k1:a-small', 'b-medium'))).rejects.toMatchObject({
      kind: 'not_found',
    });
  });

  it('records a model with one deployment as before: no deployment field', async () => {
    const { b, generate } = setup();
    b.enqueue({ text: 'b' });
    const response = await generate({
      reason: 'plain',
      candidates: [{ provider: 'beta', model: 'b-medium', reason: 'only' }],
    });
    expect(response.trace.attempts[0]).not.toHaveProperty('deployment');
    expect(response.trace.plan).toEqual([{ provider: 'beta', model: 'b-medium', reason: 'only' }]);
  });
});
