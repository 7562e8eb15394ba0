import { type PromptCacheHint, unsupportedSetting, type Warning } from '@llmux/core';
import type {
  CacheControlEphemeral,
  ContentBlockParam,
  TextBlockParam,
  ToolUnion,
} from './anthropic-types.js';

/** Anthropic takes at most this many `cache_control` breakpoints in one request. */
export const MAX_BREAKPOINTS = 4;

/** The `cache_control` of a breakpoint: ephemeral, with Anthropic's 1-hour lifetime if asked. */
export const cacheControlOf = (hint: PromptCacheHint): CacheControlEphemeral =>
  hint.ttl === '1h' ? { type: 'ephemeral', ttl: '1h' } : { type: 'ephemeral' };

type Breakpoint = ToolUnion | TextBlockParam | ContentBlockParam;

const cacheable = <T extends Breakpoint>(block: T | undefined): block is T =>
  block !== undefined && block.type !== 'thinking' && block.type !== 'redacted_thinking';

/**
 * Turns core's prompt-cache hint into up to four `cache_control` breakpoints. Anthropic caches
 * the prompt in the order tools, system, messages, each breakpoint writing the prefix up to its
 * block, and a later request reads the longest prefix it shares at one of its breakpoints or up to
 * 20 blocks before one. So the breakpoints go on the last block of the hinted prefix (the last
 * tool for `'tools'`, the last system block for `'system'`, the last block of message n for
 * `{ messages: n }`, counting non-system messages), then on the ends of the tools and of the
 * system prompt within it (which change less often than the conversation, and are read again
 * when the part after them changes), then on the latest earlier message ends. A prefix that is
 * absent falls back to the one before it.
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
  const count =
    typeof hint.prefix === 'object'
      ? Math.min(Math.max(0, Math.floor(hint.prefix.messages)), prompt.messageEnds.length)
      : 0;
  const sections = [
    prompt.tools.at(-1),
    hint.prefix === 'tools' ? undefined : prompt.system.at(-1),
  ];
  // Every cacheable boundary of the prefix, in prompt order.
  const boundaries = [...sections, ...prompt.messageEnds.slice(0, count)].filter(cacheable);
  const last = boundaries.at(-1);
  if (!last) {
    return [unsupportedSetting('promptCache', 'the request has no prefix to cache')];
  }
  const chosen = new Set([last, ...sections.filter(cacheable)]);
  for (const block of boundaries.toReversed()) {
    if (chosen.size >= MAX_BREAKPOINTS) break;
    chosen.add(block);
  }
  for (const block of chosen) Object.assign(block, { cache_control: cacheControlOf(hint) });
  return [];
}
