import {
  type OptionCheck,
  optionChecks,
  type ProviderOptions,
  type ProviderOptionsSpec,
  readProviderOptions,
  type Warning,
} from '@llmux/core';

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

const { oneOf, boolean, string, number, object, recordOf } = optionChecks;

/** Each option: its wire name (none: used by the adapter itself), its check, and what it expects. */
const options: Record<keyof OpenAIChatOptions, [string | undefined, OptionCheck, string]> = {
  reasoningEffort: [
    'reasoning_effort',
    oneOf('none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'),
    'one of none, minimal, low, medium, high, xhigh, max',
  ],
  parallelToolCalls: ['parallel_tool_calls', boolean, 'a boolean'],
  serviceTier: [
    'service_tier',
    oneOf('auto', 'default', 'flex', 'scale', 'priority'),
    'one of auto, default, flex, scale, priority',
  ],
  store: ['store', boolean, 'a boolean'],
  metadata: ['metadata', recordOf(string), 'an object of strings'],
  user: ['user', string, 'a string'],
  safetyIdentifier: ['safety_identifier', string, 'a string'],
  frequencyPenalty: ['frequency_penalty', number, 'a number'],
  presencePenalty: ['presence_penalty', number, 'a number'],
  logitBias: ['logit_bias', recordOf(number), 'an object of numbers'],
  verbosity: ['verbosity', oneOf('low', 'medium', 'high'), 'one of low, medium, high'],
  promptCacheRetention: [
    'prompt_cache_retention',
    oneOf('in_memory', '24h'),
    'one of in_memory, 24h',
  ],
  strictJsonSchema: [undefined, boolean, 'a boolean'],
  extraBody: [undefined, object, 'an object'],
};

const spec: ProviderOptionsSpec = Object.fromEntries(
  Object.entries(options).map(([key, [, check, expected]]) => [key, [check, expected]]),
);

export interface ParsedOpenAIChatOptions {
  /** Body fields, by their wire names. */
  body: Record<string, unknown>;
  /** Undefined when not set: the response format's `strict` decides. */
  strictJsonSchema?: boolean;
  extraBody: Record<string, unknown>;
  warnings: Warning[];
}

/**
 * Reads `providerOptions[namespace]` with core's `readProviderOptions`: a known option of the
 * wrong type is an `invalid_request` naming it; an unknown one is a warning, and the call goes
 * ahead without it.
 */
export function parseOpenAIChatOptions(
  providerOptions: ProviderOptions | undefined,
  namespace: string,
): ParsedOpenAIChatOptions {
  const read = readProviderOptions(providerOptions, namespace, spec);
  const { strictJsonSchema, extraBody, ...rest } = read.options;
  const body = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [options[key as keyof OpenAIChatOptions][0], value]),
  );
  return {
    body,
    ...(strictJsonSchema === undefined ? {} : { strictJsonSchema: strictJsonSchema as boolean }),
    extraBody: (extraBody as Record<string, unknown> | undefined) ?? {},
    warnings: read.warnings,
  };
}
