import { type PromptCacheHint, unsupportedSetting, type Warning } from '@llmux/core';
import type {
  CacheControlEphemeral,
  ContentBlockParam,
  TextBlockParam,
  ToolUnion,
} from './anthropic-types.js';

/** The `cache_control` of a breakpoint: ephemeral, with Anthropic's 1-hour lifetime if asked. */
export const cacheControlOf = (hint: PromptCacheHint): CacheControlEphemeral =>
  hint.ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };

type Breakpoint = ToolUnion | TextBlockParam | ContentBlockParam;

/**
 * Turns core's prompt-cache hint into one `cache_control` breakpoint. Anthropic caches
 * everything up to a breakpoint in the order tools, system, messages, so one breakpoint on the
 * last block of the hinted prefix is enough: the last tool (`'tools'`), the last system block
 * (`'system'`), or the last block of message n (`{ messages: n }`, counting non-system
 * messages). A prefix that is absent falls back to the one before it.
 */
export function applyPromptCache(
  hint: PromptCacheHint | undefined,
  prompt: {
    tools: ToolUnion[];
    system: TextBlockParam[];
    messageEnds: Array<ContentBlockParam | undefined>;
  },
): Warning[] {
  if (!hint) return [];
  const candidates: Array<Breakpoint | undefined> = [];
  if (typeof hint.prefix === 'object') {
    const count = Math.min(
      Math.max(0, Math.floor(hint.prefix.messages)),
      prompt.messageEnds.length,
    );
    candidates.push(...prompt.messageEnds.slice(0, count).reverse());
  }
  if (hint.prefix !== 'tools') candidates.push(prompt.system.at(-1));
  candidates.push(prompt.tools.at(-1));
  const target = candidates.find(
    (block) =>
      block !== undefined && block.type !== 'thinking' && block.type !== 'redacted_thinking',
  );
  if (!target) {
    return [unsupportedSetting('promptCache', 'the request has no prefix to cache')];
  }
  Object.assign(target, { cache_control: cacheControlOf(hint) });
  return [];
}
