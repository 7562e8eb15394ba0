import type { ReasoningOptions } from './request.js';

export type ReasoningEffort = NonNullable<ReasoningOptions['effort']>;

/**
 * The thinking budget, in tokens, each reasoning effort stands for, for providers that take a
 * budget (Claude's `budget_tokens`, Gemini 2.5's `thinkingBudget`). `minimal` is Claude's floor.
 */
export const reasoningBudgets: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 1024,
  low: 4096,
  medium: 8192,
  high: 16384,
};

/** The effort nearest a token budget (halfway points on a log scale), for providers that take an effort. */
export function reasoningEffortOf(budgetTokens: number): ReasoningEffort {
  if (budgetTokens <= 0) return 'none';
  const levels = Object.entries(reasoningBudgets) as Array<[ReasoningEffort, number]>;
  for (const [index, [effort, budget]] of levels.entries()) {
    const next = levels[index + 1]?.[1];
    if (next === undefined || budgetTokens < Math.sqrt(budget * next)) return effort;
  }
  return 'high';
}

/**
 * The budget a request's reasoning asks for: its `budgetTokens`, else its effort's budget (0 for
 * `none`); undefined when it asks for nothing.
 */
export function reasoningBudgetOf(reasoning: ReasoningOptions | undefined): number | undefined {
  if (reasoning?.budgetTokens !== undefined) return reasoning.budgetTokens;
  const effort = reasoning?.effort;
  if (effort === undefined) return undefined;
  return effort === 'none' ? 0 : reasoningBudgets[effort];
}

/** The effort a request's reasoning asks for: its `effort`, else its budget's nearest. */
export function reasoningEffortFor(
  reasoning: ReasoningOptions | undefined,
): ReasoningEffort | undefined {
  if (reasoning?.effort !== undefined) return reasoning.effort;
  const budget = reasoning?.budgetTokens;
  return budget === undefined ? undefined : reasoningEffortOf(budget);
}
