import {
  createManualClock,
  createMemoryHealthStore,
  createMemorySpendLedger,
  type GenerateRequest,
  healthKey,
  LlmuxError,
} from '@llmux/core';
import { createMockModel } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { budgetGuardRules, incidentPolicy, startingPolicy } from './presets.js';
import { createRouter } from './router-model.js';
import type { RouterConfig } from './rule-schema.js';
import { idsOf, requestOf } from './test-support.js';

/** A router over a preset with core's default catalog, and a way to break a model. */
const routerFor = (config: RouterConfig) => {
  const clock = createManualClock(Date.UTC(2026, 10, 20));
  const health = createMemoryHealthStore({ clock });
  const spend = createMemorySpendLedger({ clock, monthlyBudgetUsd: 100 });
  const router = createRouter({
    model: createMockModel({ clock }),
    ...config,
    health,
    spend,
    clock,
  });
  const openCircuit = (id: string) => {
    const [provider = '', model = ''] = id.split('/');
    return health.transition(healthKey(provider, model), 'closed', {
      state: 'open',
      since: clock.now(),
    });
  };
  /** The plan's order, checked to hold every candidate so failover always has somewhere to go. */
  const order = async (request: GenerateRequest) => {
    const ids = idsOf(await router.plan(request));
    expect([...ids].sort()).toEqual([...config.candidates].sort());
    return ids;
  };
  return { router, openCircuit, order, spend };
};

const chat = (tokens: number) => requestOf(tokens, { metadata: { task: 'chat' } });

describe('presets', () => {
  it('are plain JSON', () => {
    for (const preset of [startingPolicy, incidentPolicy, { rules: budgetGuardRules }]) {
      expect(JSON.parse(JSON.stringify(preset))).toEqual(preset);
    }
  });

  describe('startingPolicy', () => {
    it('sends over 100k tokens to Gemini, code to OpenAI, under 10k to Claude', async () => {
      const { order } = routerFor(startingPolicy);
      expect(await order(chat(120_000))).toEqual([
        'gemini/gemini-2.5-pro',
        'anthropic/claude-sonnet-4-6',
        'openai/gpt-5',
      ]);
      expect(await order(requestOf(2_000, { metadata: { task: 'code' } }))).toEqual([
        'openai/gpt-5',
        'anthropic/claude-sonnet-4-6',
        'gemini/gemini-2.5-pro',
      ]);
      expect(await order(chat(2_000))).toEqual([
        'anthropic/claude-sonnet-4-6',
        'openai/gpt-5',
        'gemini/gemini-2.5-pro',
      ]);
      // Between 10k and 100k no rule applies: candidate order, Claude first.
      expect(await order(chat(50_000))).toEqual([
        'anthropic/claude-sonnet-4-6',
        'openai/gpt-5',
        'gemini/gemini-2.5-pro',
      ]);
    });

    it('sends Claude traffic to OpenAI while Claude is unhealthy', async () => {
      const { router, order, openCircuit } = routerFor(startingPolicy);
      await openCircuit('anthropic/claude-sonnet-4-6');
      expect(await order(chat(2_000))).toEqual([
        'openai/gpt-5',
        'gemini/gemini-2.5-pro',
        'anthropic/claude-sonnet-4-6',
      ]);
      expect((await router.plan(chat(2_000))).reason).toMatch(
        /^rule "claude-down": anthropic unhealthy/,
      );
    });
  });

  describe('incidentPolicy', () => {
    it('sends log analyses and over 30k to Gemini Flash, triage and under 1k to Haiku, the rest to Sonnet', async () => {
      const { order } = routerFor(incidentPolicy);
      expect(await order(chat(999))).toEqual([
        'anthropic/claude-haiku-4-5',
        'anthropic/claude-sonnet-4-6',
        'openai/gpt-5',
        'gemini/gemini-2.5-flash',
        'gemini/gemini-2.5-pro',
      ]);
      expect((await order(requestOf(5_000, { metadata: { task: 'classification' } })))[0]).toBe(
        'anthropic/claude-haiku-4-5',
      );
      for (const tokens of [1_000, 30_000]) {
        expect((await order(chat(tokens)))[0]).toBe('anthropic/claude-sonnet-4-6');
      }
      expect(await order(chat(30_001))).toEqual([
        'gemini/gemini-2.5-flash',
        'gemini/gemini-2.5-pro',
        'anthropic/claude-sonnet-4-6',
        'anthropic/claude-haiku-4-5',
        'openai/gpt-5',
      ]);
      expect((await order(requestOf(12_000, { metadata: { task: 'summarization' } })))[0]).toBe(
        'gemini/gemini-2.5-flash',
      );
    });

    it('sends Claude traffic to OpenAI when Claude is down, and skips a single broken model', async () => {
      const { order, openCircuit } = routerFor(incidentPolicy);
      await openCircuit('anthropic/claude-haiku-4-5');
      expect((await order(chat(500)))[0]).toBe('anthropic/claude-sonnet-4-6');
      await openCircuit('anthropic/claude-sonnet-4-6');
      expect(await order(chat(500))).toEqual([
        'openai/gpt-5',
        'gemini/gemini-2.5-flash',
        'gemini/gemini-2.5-pro',
        'anthropic/claude-haiku-4-5',
        'anthropic/claude-sonnet-4-6',
      ]);
      // Log analyses still go to Gemini first.
      expect((await order(chat(40_000)))[0]).toBe('gemini/gemini-2.5-flash');
    });
  });

  it('budget guards prefer cheaper models from 80% and reject at 100%', async () => {
    const { router, order, spend } = routerFor({
      ...incidentPolicy,
      rules: [...budgetGuardRules, ...incidentPolicy.rules],
    });
    await spend.add(79);
    expect((await order(chat(5_000)))[0]).toBe('anthropic/claude-sonnet-4-6');
    await spend.add(6);
    const saver = await router.plan(chat(5_000));
    expect(saver.reason).toMatch(
      /^rule "budget-saver": monthly spend \$85\.00 of \$100\.00 \(85%\) ≥ 80% → /,
    );
    const costs = saver.candidates.map((c) => Number(/\$([\d.]+)/.exec(c.reason)?.[1]));
    expect(costs).toEqual([...costs].sort((a, b) => a - b));
    await spend.add(15);
    const error = await router.plan(chat(5_000)).catch((e: unknown) => e);
    expect(LlmuxError.isInstance(error) && error.kind).toBe('budget_exceeded');
  });
});
