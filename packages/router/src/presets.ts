import type { RouterConfig, RuleConfig } from './rule-schema.js';

/**
 * The policy the project started from: over 100k input tokens to Gemini, code to OpenAI,
 * Claude unhealthy to OpenAI, under 10k to Claude; anything else by candidate order (Claude
 * first). Every rule keeps the other candidates as fallbacks. `claude-down` needs `health`.
 */
export const startingPolicy = {
  candidates: ['anthropic/claude-sonnet-4-6', 'openai/gpt-5', 'gemini/gemini-2.5-pro'],
  rules: [
    {
      name: 'long-context',
      when: { inputTokens: { gt: 100_000 } },
      route: ['gemini/gemini-2.5-pro', 'anthropic/claude-sonnet-4-6'],
    },
    { name: 'code', when: { task: 'code' }, route: ['openai/gpt-5'] },
    {
      name: 'claude-down',
      when: { unhealthy: 'anthropic' },
      route: ['openai/gpt-5', 'gemini/gemini-2.5-pro'],
    },
    {
      name: 'short',
      when: { inputTokens: { lt: 10_000 } },
      route: ['anthropic/claude-sonnet-4-6', 'openai/gpt-5'],
    },
  ],
} satisfies RouterConfig;

/**
 * The incident-response policy: log analyses (`summarization`) and anything over 30k input
 * tokens to Gemini Flash, the cheap long-context model; Claude down to OpenAI; triage
 * (`classification`) and anything under 1k to Claude Haiku; the rest (root causes, code) to
 * Claude Sonnet. Each rule keeps the other candidates as fallbacks. `claude-down` needs `health`.
 */
export const incidentPolicy = {
  candidates: [
    'anthropic/claude-haiku-4-5',
    'anthropic/claude-sonnet-4-6',
    'openai/gpt-5',
    'gemini/gemini-2.5-flash',
    'gemini/gemini-2.5-pro',
  ],
  rules: [
    {
      name: 'log-analysis',
      when: { task: 'summarization' },
      route: ['gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'anthropic/claude-sonnet-4-6'],
    },
    {
      name: 'large',
      when: { inputTokens: { gt: 30_000 } },
      route: ['gemini/gemini-2.5-flash', 'gemini/gemini-2.5-pro', 'anthropic/claude-sonnet-4-6'],
    },
    {
      name: 'claude-down',
      when: { unhealthy: 'anthropic' },
      route: ['openai/gpt-5', 'gemini/gemini-2.5-flash'],
    },
    {
      name: 'triage',
      when: { task: 'classification' },
      route: ['anthropic/claude-haiku-4-5', 'anthropic/claude-sonnet-4-6', 'openai/gpt-5'],
    },
    {
      name: 'small',
      when: { inputTokens: { lt: 1_000 } },
      route: ['anthropic/claude-haiku-4-5', 'anthropic/claude-sonnet-4-6', 'openai/gpt-5'],
    },
    {
      name: 'medium',
      when: { inputTokens: { gte: 1_000, lte: 30_000 } },
      route: ['anthropic/claude-sonnet-4-6', 'openai/gpt-5'],
    },
  ],
} satisfies RouterConfig;

/**
 * Budget guards to put before a policy's rules (needs `spend`): at 100% of the tenant's
 * monthly budget reject with `budget_exceeded`; from 80% order every candidate cheapest first.
 */
export const budgetGuardRules = [
  {
    name: 'budget-exhausted',
    when: { budget: { monthly: { gte: 1 } } },
    reject: 'budget_exceeded',
  },
  {
    name: 'budget-saver',
    when: { budget: { monthly: { gte: 0.8 } } },
    strategy: 'cheapest',
  },
] satisfies RuleConfig[];
