import { LlmuxError, type ProviderOptions, type Warning } from '@llmux/core';

/** What `providerOptions.openai` may hold; each becomes the Chat Completions parameter named. */
export interface OpenAIChatOptions {
  /** `reasoning_effort` of reasoning models. */
  reasoningEffort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';
  /** `parallel_tool_calls`. */
  parallelToolCalls?: boolean;
  /** `service_tier`. */
  serviceTier?: 'auto' | 'default' | 'flex' | 'scale' | 'priority';
  /** `store`. */
  store?: boolean;
  /** `metadata`, stored with the completion. */
  metadata?: Record<string, string>;
  /** `user` (deprecated by OpenAI in favour of `safetyIdentifier`). */
  user?: string;
  /** `safety_identifier`. */
  safetyIdentifier?: string;
  /** `frequency_penalty`. */
  frequencyPenalty?: number;
  /** `presence_penalty`. */
  presencePenalty?: number;
  /** `logit_bias`. */
  logitBias?: Record<string, number>;
  /** `verbosity`. */
  verbosity?: 'low' | 'medium' | 'high';
  /** `prompt_cache_retention`. */
  promptCacheRetention?: 'in_memory' | '24h';
  /** `json_schema.strict`: enforce the response schema exactly (it must then be strict-ready). */
  strictJsonSchema?: boolean;
  /** Raw body fields merged in last: parameters of an OpenAI-compatible server (`top_k`, ...). */
  extraBody?: Record<string, unknown>;
}

type Check = (value: unknown) => boolean;

const oneOf =
  (...values: string[]): Check =>
  (value) =>
    typeof value === 'string' && values.includes(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isRecordOf =
  (check: Check): Check =>
  (value) =>
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(check);

/** Each option: its wire name (none: used by the adapter itself), its check, and what it expects. */
const options: Record<keyof OpenAIChatOptions, [string | undefined, Check, string]> = {
  reasoningEffort: [
    'reasoning_effort',
    oneOf('none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'),
    'one of none, minimal, low, medium, high, xhigh, max',
  ],
  parallelToolCalls: ['parallel_tool_calls', isBoolean, 'a boolean'],
  serviceTier: [
    'service_tier',
    oneOf('auto', 'default', 'flex', 'scale', 'priority'),
    'one of auto, default, flex, scale, priority',
  ],
  store: ['store', isBoolean, 'a boolean'],
  metadata: ['metadata', isRecordOf(isString), 'an object of strings'],
  user: ['user', isString, 'a string'],
  safetyIdentifier: ['safety_identifier', isString, 'a string'],
  frequencyPenalty: ['frequency_penalty', isNumber, 'a number'],
  presencePenalty: ['presence_penalty', isNumber, 'a number'],
  logitBias: ['logit_bias', isRecordOf(isNumber), 'an object of numbers'],
  verbosity: ['verbosity', oneOf('low', 'medium', 'high'), 'one of low, medium, high'],
  promptCacheRetention: [
    'prompt_cache_retention',
    oneOf('in_memory', '24h'),
    'one of in_memory, 24h',
  ],
  strictJsonSchema: [undefined, isBoolean, 'a boolean'],
  extraBody: [undefined, isRecordOf(() => true), 'an object'],
};

export interface ParsedOpenAIChatOptions {
  /** Body fields, by their wire names. */
  body: Record<string, unknown>;
  strictJsonSchema: boolean;
  extraBody: Record<string, unknown>;
  warnings: Warning[];
}

/**
 * Reads `providerOptions[namespace]`: a known option of the wrong type is an `invalid_request`
 * naming it; an unknown one is a warning, and the call goes ahead without it.
 */
export function parseOpenAIChatOptions(
  providerOptions: ProviderOptions | undefined,
  namespace: string,
): ParsedOpenAIChatOptions {
  const given = providerOptions?.[namespace] ?? {};
  const parsed: ParsedOpenAIChatOptions = {
    body: {},
    strictJsonSchema: false,
    extraBody: {},
    warnings: [],
  };
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const setting = `providerOptions.${namespace}.${key}`;
    const option = options[key as keyof OpenAIChatOptions];
    if (!option) {
      parsed.warnings.push({ type: 'unsupported-setting', setting, details: 'unknown option' });
      continue;
    }
    const [wire, check, expected] = option;
    if (!check(value)) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `${setting} must be ${expected}, got ${JSON.stringify(value)}`,
      });
    }
    if (wire) parsed.body[wire] = value;
    else if (key === 'strictJsonSchema') parsed.strictJsonSchema = value as boolean;
    else parsed.extraBody = value as Record<string, unknown>;
  }
  return parsed;
}
