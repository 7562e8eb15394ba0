import {
  type GenerateRequest,
  isTransientKind,
  type LanguageModel,
  LlmuxError,
  type RoutePlan,
} from '@llmux/core';
import { countRequestTokens } from '@llmux/tokenizer-tiktoken';

/** A request's input tokens, and whose count it is. */
export interface InputTokenCount {
  inputTokens: number;
  /** From the model's own count-tokens endpoint (or exact tokenizer); else the o200k_base estimate. */
  exact: boolean;
  /** The candidate the request would go to first, whose count it is when exact. */
  provider?: string;
  model?: string;
}

export type InputTokenCounter = (request: GenerateRequest) => Promise<InputTokenCount>;

const estimate = async (request: GenerateRequest, candidate?: RoutePlan['candidates'][number]) => ({
  inputTokens: await countRequestTokens(request),
  exact: false,
  ...(candidate && { provider: candidate.provider, model: candidate.model }),
});

/** The o200k_base estimate, for a gateway that knows no candidate's own count. */
export const estimateInputTokens: InputTokenCounter = (request) => estimate(request);

/**
 * Counts what the request would cost the model that would answer it: its pinned candidate, or
 * the first of the router's plan. That model's `countTokens` (Claude's and Gemini's endpoints,
 * OpenAI's tokenizer) gives the exact count; without one, or while its endpoint is unavailable,
 * the o200k_base estimate. Counting spends nothing, so a plan the router refuses (a spent budget) is
 * counted by estimate rather than refused.
 */
export function createInputTokenCounter(options: {
  adapters: ReadonlyMap<string, LanguageModel>;
  plan(request: GenerateRequest): Promise<RoutePlan>;
}): InputTokenCounter {
  const planOf = async (request: GenerateRequest) => {
    if (request.route) return request.route;
    try {
      return await options.plan(request);
    } catch (error) {
      if (LlmuxError.isInstance(error)) return undefined;
      throw error;
    }
  };
  return async (request) => {
    const candidate = (await planOf(request))?.candidates[0];
    const model = candidate && options.adapters.get(`${candidate.provider}/${candidate.model}`);
    if (model?.countTokens) {
      try {
        const inputTokens = await model.countTokens(request);
        return { inputTokens, exact: true, provider: candidate!.provider, model: candidate!.model };
      } catch (error) {
        if (!LlmuxError.isInstance(error) || !isTransientKind(error.kind)) throw error;
      }
    }
    return estimate(request, candidate);
  };
}
