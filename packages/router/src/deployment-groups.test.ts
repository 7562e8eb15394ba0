import {
  createManualClock,
  createMemoryHealthStore,
  type Headroom,
  type HeadroomSource,
  LlmuxError,
  type RoutePlan,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { createBalancer } from './balance-deployments.js';
import { expandPlan, planRoute } from './plan.js';
import { createRouter } from './router-model.js';
import type { RouterConfig } from './rule-schema.js';
import { ask, compile, factsFor, testCatalog } from './test-support.js';

const candidates = ['openai/gpt-5', 'anthropic/claude-sonnet-4-5'];
const twoKeys: RouterConfig['groups'] = {
  'openai/gpt-5': { deployments: [{ id: 'k1:gpt-5', weight: 2 }, 'k2:gpt-5'] },
};

/** Headroom by deployment id (or `provider:model` for a default one). */
const headroomBy = (table: Record<string, Headroom>): HeadroomSource => ({
  headroom: async ({ provider, model, deployment }) =>
    table[deployment ?? `${provider}:${model}`] ?? {},
});

/** `deployment ?? provider/model` of each candidate of a plan. */
const stepsOf = (plan: RoutePlan) =>
  plan.candidates.map((c) => c.deployment ?? `${c.provider}/${c.model}`);

const failure = (config: Partial<RouterConfig>, env = {}) => {
  try {
    compile({ candidates, ...config }, env);
  } catch (error) {
    if (LlmuxError.isInstance(error)) return error.message;
  }
  throw new Error('expected the config to be refused');
};

describe('groups of deployments', () => {
  it('spreads plans by weighted round robin, a group side by side before the next model', async () => {
    const config = compile({ candidates, groups: twoKeys });
    const balancer = createBalancer();
    const plans = [];
    for (let i = 0; i < 6; i++) plans.push(await planRoute(config, factsFor(ask('x')), balancer));
    expect(plans.map((p) => p.candidates[0]!.deployment)).toEqual([
      'k1:gpt-5',
      'k2:gpt-5',
      'k1:gpt-5',
      'k1:gpt-5',
      'k2:gpt-5',
      'k1:gpt-5',
    ]);
    expect(plans[1]).toEqual({
      reason: 'no rule matched → openai/gpt-5 via k2:gpt-5',
      candidates: [
        {
          provider: 'openai',
          model: 'gpt-5',
          deployment: 'k2:gpt-5',
          reason: 'no rule matched; round-robin 1/2 (weight 1 of 3)',
        },
        {
          provider: 'openai',
          model: 'gpt-5',
          deployment: 'k1:gpt-5',
          reason: 'no rule matched; round-robin 2/2 (weight 2 of 3)',
        },
        { provider: 'anthropic', model: 'claude-sonnet-4-5', reason: 'no rule matched' },
      ],
    });
  });

  it('moves a deployment with an open circuit or no headroom last, naming it', async () => {
    const clock = createManualClock(5_000_000);
    const health = createMemoryHealthStore({ clock });
    await health.transition('k1:gpt-5', 'closed', { state: 'open', since: clock.now() });
    const config = compile({ candidates, groups: twoKeys });
    const result = await planRoute(config, factsFor(ask('x'), { health, clock }), createBalancer());
    expect(stepsOf(result)).toEqual(['k2:gpt-5', 'anthropic/claude-sonnet-4-5', 'k1:gpt-5']);
    expect(result.reason).toBe(
      'no rule matched → openai/gpt-5 via k2:gpt-5; openai/gpt-5 via k1:gpt-5 skipped: circuit open',
    );

    const headroom = headroomBy({ 'k2:gpt-5': { pausedUntil: clock.now() + 5_000 } });
    const busy = await planRoute(config, factsFor(ask('x'), { headroom, clock }), createBalancer());
    expect(stepsOf(busy)).toEqual(['k1:gpt-5', 'anthropic/claude-sonnet-4-5', 'k2:gpt-5']);
  });

  it('least-busy puts the deployment with fewer calls in flight first', async () => {
    const config = compile({
      candidates,
      groups: { 'openai/gpt-5': { deployments: ['k1:gpt-5', 'k2:gpt-5'], balance: 'least-busy' } },
    });
    const headroom = headroomBy({ 'k1:gpt-5': { inFlight: 3 }, 'k2:gpt-5': { inFlight: 1 } });
    const balancer = createBalancer();
    for (let i = 0; i < 2; i++) {
      const result = await planRoute(config, factsFor(ask('x'), { headroom }), balancer);
      expect(stepsOf(result).slice(0, 2)).toEqual(['k2:gpt-5', 'k1:gpt-5']);
      expect(result.candidates[0]!.reason).toBe(
        'no rule matched; least-busy 1/2 (1 in flight, requests 100% left)',
      );
    }
  });

  it('calls a group unhealthy only when every deployment of it is', async () => {
    const clock = createManualClock(5_000_000);
    const health = createMemoryHealthStore({ clock });
    const rules = [{ name: 'gpt-down', when: { unhealthy: 'openai/gpt-5' }, route: ['anthropic'] }];
    const config = compile({ candidates, groups: twoKeys, rules });
    const open = { state: 'open' as const, since: clock.now() };
    await health.transition('k1:gpt-5', 'closed', open);
    const one = await planRoute(config, factsFor(ask('x'), { health, clock }), createBalancer());
    expect(one.reason).toMatch(/^no rule matched/);
    await health.transition('k2:gpt-5', 'closed', open);
    const both = await planRoute(config, factsFor(ask('x'), { health, clock }), createBalancer());
    expect(both.reason).toMatch(
      /^rule "gpt-down": openai\/gpt-5 unhealthy \(openai\/gpt-5 via k1:gpt-5 circuit open; openai\/gpt-5 via k2:gpt-5 circuit open\)/,
    );
  });

  it('expands a pinned plan over the group, and leaves other candidates as they are', async () => {
    const config = compile({ candidates, groups: twoKeys });
    const pinned: RoutePlan = {
      reason: 'pinned by the request',
      candidates: [{ provider: 'openai', model: 'gpt-5', reason: 'pinned' }],
    };
    const balancer = createBalancer();
    const expanded = await expandPlan(config, factsFor(ask('x')), balancer, pinned);
    expect(expanded).toEqual({
      reason: 'pinned by the request → openai/gpt-5 via k1:gpt-5',
      candidates: [
        expect.objectContaining({
          deployment: 'k1:gpt-5',
          reason: expect.stringMatching(/^pinned; round-robin 1\/2/),
        }),
        expect.objectContaining({ deployment: 'k2:gpt-5' }),
      ],
    });
    const plain: RoutePlan = {
      reason: 'pinned',
      candidates: [{ provider: 'anthropic', model: 'claude-sonnet-4-5', reason: 'pinned' }],
    };
    expect(await expandPlan(config, factsFor(ask('x')), balancer, plain)).toBe(plain);
  });

  it('runs end to end in the router: the plan on the request names the deployment', async () => {
    const model = createMockModel({ provider: 'failover', modelId: 'all' });
    const router = createRouter({ candidates, groups: twoKeys, model, catalog: testCatalog });
    await router.generate(ask('x'));
    await router.generate(ask('x'));
    expect(model.calls.map((c) => c.route?.candidates[0]?.deployment)).toEqual([
      'k1:gpt-5',
      'k2:gpt-5',
    ]);
    const pinned = await router.expand(
      { reason: 'pinned', candidates: [{ provider: 'openai', model: 'gpt-5', reason: 'pinned' }] },
      ask('x'),
    );
    expect(pinned.candidates[0]!.deployment).toBe('k1:gpt-5');
  });

  it('names every bad field of a group', () => {
    expect(failure({ groups: { 'openai/gpt-6': { deployments: ['a'] } } })).toContain(
      'groups["openai/gpt-6"] is not a candidate',
    );
    expect(failure({ groups: { 'openai/gpt-5': { deployments: [] } } })).toContain(
      'groups["openai/gpt-5"].deployments must be a non-empty list of deployment ids',
    );
    const twice = failure({
      groups: {
        'openai/gpt-5': { deployments: ['k1', 'k1'] },
        'anthropic/claude-sonnet-4-5': { deployments: ['k1', 'openai:gpt-5'] },
      },
    });
    expect(twice).toContain(
      'groups["openai/gpt-5"].deployments[1] "k1" is already a deployment of groups["openai/gpt-5"]',
    );
    expect(twice).toContain('groups["anthropic/claude-sonnet-4-5"].deployments[0] "k1" is already');
    const stolen = failure({
      groups: { 'openai/gpt-5': { deployments: ['anthropic:claude-sonnet-4-5'] } },
    });
    expect(stolen).toContain(
      '"anthropic:claude-sonnet-4-5" is already a deployment of candidate "anthropic/claude-sonnet-4-5" (its default)',
    );
    const fields = failure({
      groups: {
        'openai/gpt-5': { deployments: [{ id: 'k1', weight: 0 }, 7], balance: 'random' } as never,
      },
    });
    expect(fields).toContain(
      'groups["openai/gpt-5"].deployments[0].weight must be a positive number',
    );
    expect(fields).toContain(
      'groups["openai/gpt-5"].deployments[1] must be a deployment id or { id, weight }',
    );
    expect(fields).toContain(
      'groups["openai/gpt-5"].balance must be one of round-robin, least-busy',
    );
    expect(
      failure(
        { groups: { 'openai/gpt-5': { deployments: ['k1'], balance: 'least-busy' } } },
        { headroom: false },
      ),
    ).toContain('groups["openai/gpt-5"].balance needs a headroom source');
  });
});
