/** Builders shared by this package's tests; not exported from the package. */
import {
  createManualClock,
  createModelCatalog,
  type GenerateRequest,
  type Headroom,
  type HeadroomSource,
  type ModelCapabilities,
  type ModelInfo,
} from '@llmux/core';
import { classifyTask } from './classify-task.js';
import type { CompiledConfig } from './compiled-config.js';
import type { ConfigEnvironment } from './config-context.js';
import { createRequestFacts, type RequestFacts, type RouterSources } from './request-facts.js';
import type { RouterConfig } from './rule-schema.js';
import { validateRouterConfig } from './validate-config.js';

const all: ModelCapabilities = { tools: true, images: true, json: true, jsonSchema: true };
const model = (
  id: string,
  contextWindow: number,
  pricing: ModelInfo['pricing'],
  capabilities = all,
): ModelInfo => {
  const [provider = '', name = ''] = id.split('/');
  return { provider, model: name, contextWindow, maxOutputTokens: 32_000, capabilities, pricing };
};

/** Fixed models and prices, so tests do not move when core's default catalog is updated. */
export const testCatalog = createModelCatalog([
  model('anthropic/claude-sonnet-4-5', 200_000, { input: 3, output: 15 }),
  model('anthropic/claude-haiku-4-5', 200_000, { input: 1, output: 5 }),
  model('openai/gpt-5', 400_000, { input: 1.25, output: 10 }),
  model('openai/gpt-5-mini', 400_000, { input: 0.25, output: 2 }),
  model('gemini/gemini-2.5-pro', 1_000_000, {
    input: 1.25,
    output: 10,
    longContext: { thresholdTokens: 200_000, input: 2.5, output: 15 },
  }),
  model('gemini/gemini-2.5-flash', 1_000_000, { input: 0.3, output: 2.5 }),
  model(
    'acme/text-only',
    8_000,
    { input: 0.1, output: 0.1 },
    {
      tools: false,
      images: false,
      json: true,
      jsonSchema: false,
    },
  ),
]);

/** A one-message request whose estimated input is exactly `tokens` (at least 5). */
export const requestOf = (
  tokens: number,
  extra: Partial<GenerateRequest> = {},
): GenerateRequest => ({
  messages: [{ role: 'user', content: 'x'.repeat((tokens - 4) * 4) }],
  ...extra,
});

export const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  ...extra,
});

/** Compiles a config as if every source were given, unless told otherwise. */
export const compile = (
  config: RouterConfig,
  env: Partial<ConfigEnvironment> = {},
): CompiledConfig =>
  validateRouterConfig(config, {
    catalog: testCatalog,
    health: true,
    headroom: true,
    spend: true,
    ...env,
  });

export const factsFor = (
  request: GenerateRequest,
  sources: Partial<RouterSources> = {},
  windowMs = 60_000,
): RequestFacts =>
  createRequestFacts(
    request,
    {
      classifier: classifyTask,
      clock: createManualClock(1_000_000),
      random: Math.random,
      ...sources,
    },
    windowMs,
  );

/** Headroom from a table keyed by `provider/model`; unlisted candidates have no limits. */
export const headroomTable = (table: Record<string, Headroom>): HeadroomSource => ({
  headroom: async ({ provider, model }) => table[`${provider}/${model}`] ?? {},
});

/** `provider/model` of each candidate of a plan, in order. */
export const idsOf = (plan: { candidates: Array<{ provider: string; model: string }> }): string[] =>
  plan.candidates.map((c) => `${c.provider}/${c.model}`);
