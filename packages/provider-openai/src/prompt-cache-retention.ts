import { type PromptCacheHint, unsupportedSetting, type Warning } from '@llmux/core';

/** gpt-5.5 and later keep prompt caches 24 hours, and refuse `in_memory`. */
const onlyExtended = /^gpt-(5\.([5-9]|\d{2})|([6-9]|\d{2}))/;
/** The earlier models OpenAI's prompt-caching guide lists with extended retention beside in-memory. */
const bothRetentions = /^gpt-(4\.1|5(\.[1-4])?)(-codex|-chat|-\d{4}-\d{2}-\d{2}|$)/;

/**
 * `prompt_cache_retention` for the hint's lifetime: `'1h'` needs extended retention (`24h`:
 * in-memory caches are always gone within an hour of their last use), `'5m'` is in-memory
 * retention where a model has both. A model with in-memory caches only cannot keep one for an
 * hour (a warning); one with extended retention only keeps it longer than 5 minutes anyway.
 */
export function promptCacheRetention(
  modelId: string,
  ttl: PromptCacheHint['ttl'],
): { retention?: 'in_memory' | '24h'; warnings: Warning[] } {
  const both = bothRetentions.test(modelId);
  const extended = both || onlyExtended.test(modelId);
  if (ttl === '1h' && extended) return { retention: '24h', warnings: [] };
  if (ttl === '1h') {
    return {
      warnings: [
        unsupportedSetting(
          'promptCache.ttl',
          `${modelId} keeps prompt caches in memory only, gone within an hour of their last use`,
        ),
      ],
    };
  }
  return ttl === '5m' && both ? { retention: 'in_memory', warnings: [] } : { warnings: [] };
}
