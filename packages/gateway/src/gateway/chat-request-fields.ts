import { type Json, refuseUnknownKeys } from './body-fields.js';

/**
 * Every top-level Chat Completions field the gateway reads: each is mapped to the core request,
 * forwarded to OpenAI (`openai-only-fields.ts`), or refused when its value cannot be honoured.
 * `top_k` is no OpenAI field but one of many OpenAI-compatible servers (core's `topK`).
 */
export const chatRequestFields: ReadonlySet<string> = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'n',
  'max_completion_tokens',
  'max_tokens',
  'temperature',
  'top_p',
  'top_k',
  'seed',
  'stop',
  'frequency_penalty',
  'presence_penalty',
  'logprobs',
  'top_logprobs',
  'parallel_tool_calls',
  'reasoning_effort',
  'service_tier',
  'response_format',
  'tools',
  'tool_choice',
  'metadata',
  'user',
  'prompt_cache_key',
  'prompt_cache_retention',
  'modalities',
  // OpenAI-only: forwarded as `providerOptions.openai`.
  'logit_bias',
  'store',
  'safety_identifier',
  'verbosity',
  'prediction',
  'web_search_options',
  'prompt_cache_options',
]);

/** The Chat Completions fields llmux cannot honour, with why and what to use instead. */
export const refusedChatRequestFields: Readonly<Record<string, string>> = {
  functions: 'legacy function calling is not supported; use tools',
  function_call: 'legacy function calling is not supported; use tool_choice',
  audio: 'audio output is not supported',
  moderation: 'not supported; moderate the input and the answer apart from the call',
};

/** Refuses a field the gateway does not read, naming it: a typo is an error, not ignored. */
export const checkChatRequestFields = (body: Json): void =>
  refuseUnknownKeys(body, '', chatRequestFields, { refused: refusedChatRequestFields });
