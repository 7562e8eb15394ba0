import { approximateTokens, type Clock } from '@llmux/core';
import { isObject } from '../simulator/is-object.js';
import { createPrefixCache } from '../simulator/prefix-cache.js';
import type { SimPromptCache } from '../simulator/prompt-cache.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import { cacheNotFound, createGeminiCachedContents } from './gemini-cached-contents.js';
import { checkFunctionTurns, checkTools, promptTextOf } from './gemini-request.js';

/**
 * Implicit caching's minimum prompt, in tokens, per the caching guide: 2048 on Gemini 2.5, 4096
 * on the 3.x models.
 */
const implicitMinimum = (model: string) => (/^gemini-2\.5/.test(model) ? 2048 : 4096);
/** Google does not say how long an implicit cache lives; minutes, here five. */
const IMPLICIT_TTL_MS = 5 * 60_000;

/** What the API refuses beside a `cachedContent`, even byte-identical to what the cache holds. */
const CACHED_MEMBERS = ['systemInstruction', 'tools', 'toolConfig'] as const;

type Json = Record<string, unknown>;

/**
 * The prompt's texts in the order the model reads them (system instruction, tools, turns), as
 * implicit caching compares prompts: the same texts as the request's `promptText`, so a prefix
 * of it is never more tokens.
 */
const promptOrder = (body: Json): string => {
  const contents = Array.isArray(body.contents) ? (body.contents as Json[]) : [];
  return [
    promptTextOf(body.systemInstruction, [], []),
    promptTextOf(undefined, [], checkTools(body.tools, 'GenerateContentRequest.tools')),
    ...contents.map((content) => promptTextOf(undefined, [content], [])),
  ]
    .filter((text) => text !== '')
    .join('\n');
};

/**
 * Gemini's two caches. Explicit: the `cachedContents` resource, and calls naming one in
 * `cachedContent` read all of it (`cachedContentTokenCount`, counted in `promptTokenCount` too),
 * refused for a name that is unknown or expired (403), for a cache of another model, and beside a
 * system instruction, tools or tool config (400). Implicit: any other call reads the longest
 * prefix it shares with a recent call to the same model, once that reaches the model's minimum.
 */
export function createGeminiPromptCache(clock: Clock): SimPromptCache {
  const cachedContents = createGeminiCachedContents(clock);
  const prompts = createPrefixCache(clock);

  const explicit = (request: SimRequest, body: Json, name: unknown) => {
    if (CACHED_MEMBERS.some((member) => body[member] !== undefined)) {
      throw new SimulatorRequestError(
        'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.\n\nProposed fix: move those values to CachedContent from GenerateContent request.',
      );
    }
    const cache = cachedContents.get(String(name));
    if (!cache) throw cacheNotFound();
    if (cache.model !== `models/${request.model}`) {
      throw new SimulatorRequestError(
        `Model used by GenerateContent request (models/${request.model}) and CachedContent (${cache.model}) has to be the same.`,
      );
    }
    checkFunctionTurns([...cache.contents, ...(body.contents as Json[])]);
    return {
      inputTokens: approximateTokens(request.promptText) + cache.tokens,
      cacheReadTokens: cache.tokens,
    };
  };

  const implicit = (request: SimRequest, body: Json) => {
    const text = promptOrder(body);
    const shared = approximateTokens(text.slice(0, prompts.longestMatch(request.model, text)));
    const minimum = implicitMinimum(request.model);
    if (approximateTokens(request.promptText) >= minimum) {
      prompts.keep(request.model, text, IMPLICIT_TTL_MS);
    }
    return shared < minimum ? {} : { cacheReadTokens: shared };
  };

  return {
    use(request) {
      const body = isObject(request.body) ? request.body : {};
      return body.cachedContent === undefined
        ? implicit(request, body)
        : explicit(request, body, body.cachedContent);
    },
    route: cachedContents.route,
    clear() {
      cachedContents.clear();
      prompts.clear();
    },
  };
}
