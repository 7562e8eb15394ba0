import type { LlmuxError } from './errors.js';
import { invalidOption } from './invalid-option.js';
import { isPlainObject } from './is-plain-object.js';
import type { GenerateRequest } from './request.js';

const efforts = ['none', 'minimal', 'low', 'medium', 'high'];
const serviceTiers = ['auto', 'default', 'flex', 'priority'];

const isInteger = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

const invalid = (field: string, expected: string, got: unknown): LlmuxError =>
  invalidOption(field, expected, got, 'request setting');

/**
 * Checks the generation settings every provider adapter maps (penalties, reasoning, parallel tool
 * calls, logprobs, service tier), so a wrong value is one `invalid_request` naming the field,
 * whichever provider the request goes to, rather than the provider's own 400.
 */
export function checkRequestSettings(request: GenerateRequest): void {
  for (const field of ['frequencyPenalty', 'presencePenalty'] as const) {
    const value = request[field];
    if (value !== undefined && !(typeof value === 'number' && value >= -2 && value <= 2)) {
      throw invalid(field, 'a number from -2 to 2', value);
    }
  }
  const { reasoning, logprobs, parallelToolCalls, serviceTier } = request;
  if (reasoning !== undefined) {
    if (!isPlainObject(reasoning)) throw invalid('reasoning', 'an object', reasoning);
    if (reasoning.effort !== undefined && !efforts.includes(String(reasoning.effort))) {
      throw invalid('reasoning.effort', `one of ${efforts.join(', ')}`, reasoning.effort);
    }
    if (reasoning.budgetTokens !== undefined && !isInteger(reasoning.budgetTokens, 0)) {
      throw invalid('reasoning.budgetTokens', 'an integer >= 0', reasoning.budgetTokens);
    }
  }
  if (parallelToolCalls !== undefined && typeof parallelToolCalls !== 'boolean') {
    throw invalid('parallelToolCalls', 'a boolean', parallelToolCalls);
  }
  if (logprobs !== undefined) {
    if (!isPlainObject(logprobs)) throw invalid('logprobs', 'an object', logprobs);
    if (logprobs.top !== undefined && !isInteger(logprobs.top, 0, 20)) {
      throw invalid('logprobs.top', 'an integer from 0 to 20', logprobs.top);
    }
  }
  if (serviceTier !== undefined && !serviceTiers.includes(serviceTier)) {
    throw invalid('serviceTier', `one of ${serviceTiers.join(', ')}`, serviceTier);
  }
}
