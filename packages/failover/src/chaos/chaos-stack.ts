import {
  createMemoryHealthStore,
  type HealthStore,
  type LanguageModel,
  seededRandom,
} from '@llmux/core';
import { createClaude } from '@llmux/provider-claude';
import { createGemini } from '@llmux/provider-gemini';
import { createOpenAI } from '@llmux/provider-openai';
import {
  createRouter,
  type HealthPolicyConfig,
  type RouterConfig,
  type RouterModel,
  startingPolicy,
} from '@llmux/router';
import { chaosFaults, type ProviderName, type Simulator, startSimulator } from '@llmux/testkit';
import { createFailover, type FailoverOptions } from '../failover-model.js';
import { recorder } from '../test-support.js';

export const CLAUDE_MODEL = 'claude-sonnet-4-6';

/**
 * The starting policy with one more rule first: `gemini`-tagged requests go to Gemini, so that
 * each provider is someone's first choice.
 */
const policy: RouterConfig = {
  ...startingPolicy,
  rules: [
    { name: 'gemini-first', when: { tags: { any: ['gemini'] } }, route: ['gemini/gemini-2.5-pro'] },
    ...startingPolicy.rules,
  ],
};

export const providers = ['anthropic', 'openai', 'gemini'] as const satisfies ProviderName[];

export interface ChaosSettings {
  seed: number;
  failover: Pick<FailoverOptions, 'retry' | 'breaker' | 'timeouts'>;
  /** The router's view of health; its window and probe age should match the breaker's. */
  healthPolicy: HealthPolicyConfig;
}

export interface ChaosStack {
  simulators: Record<ProviderName, Simulator>;
  health: HealthStore;
  router: RouterModel;
  events: ReturnType<typeof recorder>;
  close(): Promise<void>;
}

const startFaultySimulator = async (provider: ProviderName, seed: number) => {
  const simulator = await startSimulator(provider, {
    behavior: { latencyMs: { min: 0, max: 2 }, timeToFirstTokenMs: { min: 0, max: 2 } },
    random: seededRandom(seed),
  });
  simulator.fault(...chaosFaults());
  return simulator;
};

/**
 * Three faulty simulators on loopback, the official SDKs over them (through the adapters), and a
 * router (the policy above) over one failover, both sharing a memory health store. Every failover
 * event is recorded.
 */
export async function startChaosStack(settings: ChaosSettings): Promise<ChaosStack> {
  const { seed } = settings;
  const [anthropic, openai, gemini] = await Promise.all(
    providers.map((provider, i) => startFaultySimulator(provider, seed + i + 1)),
  );
  const apiKey = 'chaos-test-key';
  const models: LanguageModel[] = [
    createClaude({ apiKey, baseURL: anthropic!.baseURL })(CLAUDE_MODEL),
    createOpenAI({ apiKey, baseURL: openai!.baseURL })('gpt-5'),
    createGemini({ apiKey, baseURL: gemini!.baseURL })('gemini-2.5-pro'),
  ];
  const health = createMemoryHealthStore();
  const events = recorder();
  const failover = createFailover({
    ...settings.failover,
    models,
    breaker: { ...settings.failover.breaker, store: health },
    random: seededRandom(seed),
    observer: events.observer,
  });
  const router = createRouter({
    ...policy,
    healthPolicy: settings.healthPolicy,
    model: failover,
    health,
  });
  const simulators = { anthropic: anthropic!, openai: openai!, gemini: gemini! };
  return {
    simulators,
    health,
    router,
    events,
    close: async () => {
      await Promise.all(Object.values(simulators).map((s) => s.close()));
    },
  };
}
