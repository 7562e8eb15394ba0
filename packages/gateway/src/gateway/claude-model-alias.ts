import type { RoutePlan } from '@llmux/core';
import type { CandidateRef } from '../stack/router-config.js';
import { RequestFieldError } from './request-field-error.js';

/** `claude-sonnet-4-5-20250929` and `claude-3-5-haiku-latest` name `claude-sonnet-4-5`, ... */
const baseOf = (model: string) => model.replace(/-(\d{8}|latest)$/, '');

/**
 * Reads the `model` of an Anthropic request: what `resolveModel` knows (`auto`, a candidate by
 * id or `provider/model`), else an Anthropic model id or alias (dated snapshot, `-latest`, with or
 * without `anthropic/`) that names a served Claude candidate pins that candidate, as Claude Code
 * and the Anthropic SDKs send their model ids.
 */
export function withClaudeAliases(
  candidates: CandidateRef[],
  resolveModel: (model: string) => RoutePlan | undefined,
): (model: string) => RoutePlan | undefined {
  const claude = new Map<string, string>();
  for (const { provider, model } of candidates) {
    if (provider === 'anthropic' && !claude.has(baseOf(model))) claude.set(baseOf(model), model);
  }
  return (model) => {
    try {
      return resolveModel(model);
    } catch (error) {
      const served = claude.get(baseOf(model.replace(/^anthropic\//, '')));
      if (!(error instanceof RequestFieldError) || served === undefined) throw error;
      return resolveModel(`anthropic/${served}`);
    }
  };
}
