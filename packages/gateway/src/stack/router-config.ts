import { LlmuxError } from '@llmux/core';
import { budgetGuardRules, incidentPolicy, type RouterConfig, startingPolicy } from '@llmux/router';
import type { RouterPreset, RouterSettings } from '../config/config-schema.js';

const presets: Record<RouterPreset, RouterConfig> = {
  'incident-response': incidentPolicy,
  starting: startingPolicy,
};

/** A candidate id, `provider/model`, split in two. */
export interface CandidateRef {
  provider: string;
  model: string;
}

/** The router's configuration: the preset, then the fields given beside it, then budget guards. */
export function resolveRouterConfig(settings: RouterSettings): RouterConfig {
  const { preset, budgetGuards, ...overrides } = settings;
  const base: Partial<RouterConfig> = preset ? presets[preset] : {};
  const config = { ...base, ...overrides } as RouterConfig;
  return budgetGuards
    ? { ...config, guards: [...budgetGuardRules, ...(config.guards ?? [])] }
    : config;
}

export function parseCandidate(id: string): CandidateRef {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `router.candidates: "${id}" must be provider/model, e.g. openai/gpt-5`,
    });
  }
  return { provider: id.slice(0, slash), model: id.slice(slash + 1) };
}
