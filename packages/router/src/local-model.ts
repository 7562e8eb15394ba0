import { LlmuxError } from '@llmux/core';
import type { CandidateId, RouterConfig, RuleConfig } from './rule-schema.js';

export interface LocalModelOptions {
  /** The tasks the local model answers first; default `['classification']`. */
  tasks?: string[];
  /**
   * Only from this share (above 0, at most 1) of the tenant's monthly budget on, as a guard after
   * the guards that reject (needs `spend`); without it, always, as the first rule.
   */
  fromBudget?: number;
}

const invalid = (field: string, problem: string) =>
  new LlmuxError({
    kind: 'invalid_request',
    message: `withLocalModel "${field}" ${problem}`,
  });

/**
 * A router configuration with a local model (`ollama/llama3.2`, priced at 0 in the catalog) added:
 * last among the candidates, so it is the fallback of last resort (and, costing nothing, first in
 * any `cheapest` order it can serve, as budget guards' `budget-saver` makes), and first for
 * `tasks` (default classification), always or `fromBudget` on. The configuration stays plain
 * data; nothing else changes.
 *
 * ```ts
 * createRouter({
 *   model: failover,
 *   ...withLocalModel({ ...incidentPolicy, guards: budgetGuardRules }, 'ollama/llama3.2', { fromBudget: 0.8 }),
 *   spend,
 * });
 * ```
 */
export function withLocalModel<T extends RouterConfig>(
  config: T,
  candidate: CandidateId,
  options: LocalModelOptions = {},
): T {
  if (typeof candidate !== 'string' || !/^[^/\s]+\/\S+$/.test(candidate)) {
    throw invalid('candidate', `must be provider/model, got ${JSON.stringify(candidate)}`);
  }
  const { tasks = ['classification'], fromBudget } = options;
  if (!Array.isArray(tasks) || tasks.length === 0 || tasks.some((t) => typeof t !== 'string')) {
    throw invalid('tasks', 'must be a non-empty array of task names');
  }
  if (
    fromBudget !== undefined &&
    !(typeof fromBudget === 'number' && fromBudget > 0 && fromBudget <= 1)
  ) {
    throw invalid('fromBudget', `must be a share above 0 and at most 1, got ${String(fromBudget)}`);
  }
  const rule: RuleConfig = {
    name: `local-${tasks.join('-')}`,
    when: {
      task: tasks,
      ...(fromBudget === undefined ? {} : { budget: { monthly: { gte: fromBudget } } }),
    },
    route: [candidate],
  };
  const candidates = config.candidates.includes(candidate)
    ? config.candidates
    : [...config.candidates, candidate];
  if (fromBudget === undefined) {
    return { ...config, candidates, rules: [rule, ...(config.rules ?? [])] };
  }
  const guards = config.guards ?? [];
  const rejecting = guards.filter((guard) => guard.reject !== undefined);
  const others = guards.filter((guard) => guard.reject === undefined);
  return { ...config, candidates, guards: [...rejecting, rule, ...others] };
}
