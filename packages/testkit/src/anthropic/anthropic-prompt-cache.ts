import { createHash } from 'node:crypto';
import { approximateTokens, type Clock } from '@llmux/core';
import { isObject } from '../simulator/is-object.js';
import type { SimPromptCache } from '../simulator/prompt-cache.js';
import { promptBlocks } from './anthropic-cache-control.js';
import { blockText } from './parse-anthropic-request.js';

/** A hit is looked for at each breakpoint and at the block boundaries up to 20 blocks before it. */
const LOOKBACK_BLOCKS = 20;
const TTL_MS = { '5m': 5 * 60_000, '1h': 3_600_000 } as const;
/** Past this many entries, expired ones are swept out. */
const SWEEP_AT = 10_000;

/**
 * The shortest prefix a model caches, in tokens (Anthropic's prompt-caching guide): a breakpoint
 * on a shorter prefix is ignored, without an error.
 */
export function minimumCacheableTokens(model: string): number {
  if (/^claude-(opus-4-[56]|haiku-4-5)/.test(model)) return 4096;
  if (/^claude-(sonnet-4-6|3-5-haiku|3-haiku)/.test(model)) return 2048;
  return 1024;
}

interface Entry {
  expiresAt: number;
  ttlMs: number;
}

/**
 * Anthropic's prompt cache: a breakpoint (`cache_control`) whose prefix (tools, system, messages
 * up to and including its block) reaches the model's minimum is written, for 5 minutes or an
 * hour; a later request reads the longest live prefix at one of its breakpoints or up to 20
 * blocks before one, and that read restarts the prefix's lifetime. What was read is
 * `cache_read_input_tokens`, what was written after it `cache_creation_input_tokens` (split by
 * lifetime), per model.
 */
export function createAnthropicPromptCache(clock: Clock): SimPromptCache {
  const entries = new Map<string, Entry>();
  const sweep = (now: number) => {
    if (entries.size < SWEEP_AT) return;
    for (const [key, entry] of entries) if (entry.expiresAt <= now) entries.delete(key);
  };

  return {
    use(request) {
      const blocks = promptBlocks(isObject(request.body) ? request.body : {});
      // The prefix ending at each block, without breakpoints: as a key, and its tokens (counted
      // over the texts `promptText` counts, so never more than the prompt's).
      const keys: string[] = [];
      const tokens: number[] = [];
      let key = request.model;
      let text = '';
      for (const { block, path } of blocks) {
        const { cache_control: _, ...content } = block;
        key = createHash('sha256').update(key).update(JSON.stringify(content)).digest('hex');
        keys.push(key);
        const own = path.startsWith('tools.') ? JSON.stringify(content) : blockText(content);
        text = text === '' ? own : `${text}\n${own}`;
        tokens.push(approximateTokens(text));
      }
      const tokensAt = (index: number) => (index < 0 ? 0 : (tokens[index] ?? 0));
      const now = clock.now();
      sweep(now);
      const live = (index: number) => {
        const entry = entries.get(keys[index] ?? '');
        return entry && entry.expiresAt > now ? entry : undefined;
      };
      const breakpoints = blocks.flatMap((block, index) =>
        block.ttl ? [{ index, ttlMs: TTL_MS[block.ttl] }] : [],
      );

      let read = -1;
      for (const { index } of breakpoints) {
        for (let at = index; at > Math.max(read, index - LOOKBACK_BLOCKS - 1); at--) {
          if (live(at)) {
            read = at;
            break;
          }
        }
      }
      const hit = live(read);
      if (hit) hit.expiresAt = now + hit.ttlMs;

      const minimum = minimumCacheableTokens(request.model);
      let written = read;
      let write = 0;
      let write1h = 0;
      for (const { index, ttlMs } of breakpoints) {
        if (index <= written || tokensAt(index) < minimum) continue;
        entries.set(keys[index] ?? '', { expiresAt: now + ttlMs, ttlMs });
        const added = tokensAt(index) - tokensAt(written);
        write += added;
        if (ttlMs === TTL_MS['1h']) write1h += added;
        written = index;
      }
      return {
        cacheReadTokens: tokensAt(read),
        cacheWriteTokens: write,
        ...(write1h > 0 ? { cacheWrite1hTokens: write1h } : {}),
      };
    },
    clear: () => entries.clear(),
  };
}
