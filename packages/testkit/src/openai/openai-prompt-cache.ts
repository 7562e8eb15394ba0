import { approximateTokens, type Clock } from '@llmux/core';
import { isObject } from '../simulator/is-object.js';
import { createPrefixCache } from '../simulator/prefix-cache.js';
import type { SimPromptCache } from '../simulator/prompt-cache.js';
import { SimulatorRequestError } from '../simulator/types.js';
import { promptTextOf } from './openai-request.js';

/** OpenAI caches prompts of 1024 tokens or more, and reports hits from 1024 in steps of 128. */
const MIN_TOKENS = 1024;
const STEP_TOKENS = 128;
/**
 * Requests go to a machine by a hash of the prompt's start (about its first 256 tokens) and its
 * `prompt_cache_key`: only requests routed alike can share a cache.
 */
const ROUTING_CHARS = 256 * 4;
/** `in_memory`: cleared after 5 to 10 minutes without use (the shortest here). */
const IN_MEMORY_MS = 5 * 60_000;
/** `24h`: extended retention, up to a day. */
const EXTENDED_MS = 24 * 3_600_000;

/** gpt-5.5 and later keep prompt caches 24 hours only, and refuse `in_memory`. */
const extendedOnly = (model: string) => /^gpt-(5\.([5-9]|\d{2})|([6-9]|\d{2}))/.test(model);

/** The retention a request asks for (or its model's default), refused as the API refuses it. */
function retentionOf(body: Record<string, unknown>, model: string): 'in_memory' | '24h' {
  const asked = body.prompt_cache_retention;
  if (asked === undefined || asked === null) return extendedOnly(model) ? '24h' : 'in_memory';
  if (asked !== 'in_memory' && asked !== '24h') {
    throw new SimulatorRequestError(
      `Invalid value: '${String(asked)}'. Supported values are: 'in_memory' and '24h'.`,
    );
  }
  if (asked === 'in_memory' && extendedOnly(model)) {
    throw new SimulatorRequestError(
      'This model is compatible only with 24h extended prompt caching',
    );
  }
  return asked;
}

type Json = Record<string, unknown>;

/**
 * The prompt's texts in the order the model reads them, tools first, as the cache compares
 * prompts: the same texts as the request's `promptText`, so a prefix of it is never more tokens.
 */
const promptOrder = (body: Json): string => {
  const tools = Array.isArray(body.tools) ? (body.tools as Json[]) : [];
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  return [
    promptTextOf([], tools, undefined),
    ...messages.map((m) => promptTextOf([m], [], undefined)),
  ]
    .filter((text) => text !== '')
    .join('\n');
};

/**
 * OpenAI's automatic prompt caching: a prompt of 1024 tokens or more is kept on the machine its
 * start and `prompt_cache_key` route it to, for its retention (`prompt_cache_retention`); a later
 * prompt routed alike reads the longest prefix it shares with one kept there, reported as
 * `cached_tokens` from 1024 in steps of 128.
 */
export function createOpenAIPromptCache(clock: Clock): SimPromptCache {
  const prompts = createPrefixCache(clock);
  return {
    use(request) {
      const body = isObject(request.body) ? request.body : {};
      const retention = retentionOf(body, request.model);
      const text = promptOrder(body);
      const key = typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : '';
      const route = `${request.model}\n${key}\n${text.slice(0, ROUTING_CHARS)}`;
      const shared = approximateTokens(text.slice(0, prompts.longestMatch(route, text)));
      if (approximateTokens(request.promptText) >= MIN_TOKENS) {
        prompts.keep(route, text, retention === '24h' ? EXTENDED_MS : IN_MEMORY_MS);
      }
      if (shared < MIN_TOKENS) return {};
      const steps = Math.floor((shared - MIN_TOKENS) / STEP_TOKENS);
      return { cacheReadTokens: MIN_TOKENS + steps * STEP_TOKENS };
    },
    clear: () => prompts.clear(),
  };
}
