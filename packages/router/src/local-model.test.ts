import {
  createManualClock,
  createMemoryHealthStore,
  createMemorySpendLedger,
  type GenerateRequest,
  LlmuxError,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { withLocalModel } from './local-model.js';
import { budgetGuardRules, incidentPolicy } from './presets.js';
import { createRouter } from './router-model.js';
import type { RouterConfig } from './rule-schema.js';
import { idsOf, requestOf } from './test-support.js';

const local = 'ollama/llama3.2';

/** A router over a configuration with core's default catalog, where Ollama models cost 0. */
const routerFor = (config: RouterConfig) => {
  const clock = createManualClock(Date.UTC(2026, 10, 20));
  const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 100 });
  const health = createMemoryHealthStore({ clock });
  const router = createRouter({
    model: createMockModel({ clock }),
    ...config,
    health,
    spend,
    clock,
  });
  const first = async (request: GenerateRequest) => idsOf(await router.plan(request))[0];
  return { router, spend, first };
};

const task = (name: string, extra: Partial<GenerateRequest> = {}) =>
  requestOf(500, { metadata: { task: name }, ...extra });

describe('withLocalModel', () => {
  it('adds the local model last, and first for classification, as plain data', async () => {
    const config = withLocalModel(incidentPolicy, local);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
    expect(config.candidates).toEqual([...incidentPolicy.candidates, local]);
    expect(config.rules[0]).toEqual({
      name: 'local-classification',
      when: { task: ['classification'] },
      route: [local],
    });
    const { router, first } = routerFor(config);
    const plan = await router.plan(task('classification'));
    expect(idsOf(plan)[0]).toBe(local);
    expect(plan.reason).toMatch(/^rule "local-classification"/);
    // Other work keeps the policy, the local model last of all.
    const chat = idsOf(await router.plan(task('chat')));
    expect(chat[0]).toBe('anthropic/claude-haiku-4-5');
    expect(chat.at(-1)).toBe(local);
    expect(await first(task('summarization'))).toBe('gemini/gemini-2.5-flash');
  });

  it('leaves it out for what it cannot do: images, per the catalog', async () => {
    const { first } = routerFor(withLocalModel(incidentPolicy, local));
    const withImage = task('classification', {
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { kind: 'url', url: 'https://x/y.png' } }],
        },
      ],
    });
    expect(await first(withImage)).toBe('anthropic/claude-haiku-4-5');
  });

  it('with budget guards, prefers it for classification from the budget share given', async () => {
    const config = withLocalModel({ ...incidentPolicy, guards: budgetGuardRules }, local, {
      fromBudget: 0.8,
    });
    expect(config.guards.map((guard) => guard.name)).toEqual([
      'budget-exhausted',
      'local-classification',
      'budget-saver',
    ]);
    const { router, spend, first } = routerFor(config);
    await spend.add(50);
    expect(await first(task('classification'))).toBe('anthropic/claude-haiku-4-5');
    await spend.add(35);
    const plan = await router.plan(task('classification'));
    expect(idsOf(plan)[0]).toBe(local);
    expect(plan.reason).toMatch(/^rule "local-classification": .*monthly spend \$85\.00/);
    // The saver's cheapest order puts the free model first for the rest too.
    const saver = await router.plan(task('chat'));
    expect(saver.reason).toMatch(/^rule "budget-saver"/);
    expect(idsOf(saver)[0]).toBe(local);
    await spend.add(15);
    const error = await router.plan(task('classification')).catch((e: unknown) => e);
    expect(LlmuxError.isInstance(error) && error.kind).toBe('budget_exceeded');
  });

  it('takes other tasks, and refuses bad options naming them', () => {
    const config = withLocalModel(incidentPolicy, local, { tasks: ['extraction', 'chat'] });
    expect(config.rules[0]?.when).toEqual({ task: ['extraction', 'chat'] });
    expect(withLocalModel(config, local).candidates.filter((id) => id === local)).toHaveLength(1);
    expect(() => withLocalModel(incidentPolicy, 'llama3.2')).toThrow('"candidate"');
    expect(() => withLocalModel(incidentPolicy, local, { tasks: [] })).toThrow('"tasks"');
    expect(() => withLocalModel(incidentPolicy, local, { fromBudget: 1.5 })).toThrow(
      '"fromBudget"',
    );
  });
});
