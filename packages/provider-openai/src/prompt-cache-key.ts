import { hash } from 'node:crypto';
import type { Message, PromptCacheHint } from '@llmux/core';

/**
 * The messages of a hinted prefix, as a prefix of the conversation: none for `'tools'`; the
 * leading system messages for `'system'`; for `{ messages: n }` everything before the first
 * non-system message after the n-th.
 */
export function prefixMessages(messages: Message[], prefix: PromptCacheHint['prefix']): Message[] {
  if (prefix === 'tools') return [];
  const wanted = prefix === 'system' ? 0 : Math.max(0, Math.floor(prefix.messages));
  let seen = 0;
  const end = messages.findIndex((message) => message.role !== 'system' && seen++ === wanted);
  return end < 0 ? messages : messages.slice(0, end);
}

/**
 * A `prompt_cache_key` for a prefix: `llmux-` and 22 base64url characters of the SHA-256 of the
 * tenant, the tools and the prefix messages as sent, so that requests sharing a prefix (and a
 * tenant) are routed to the same cache, and other tenants' are not. A digest, never the tenant
 * itself; undefined when there is no prefix.
 */
export function promptCacheKey(prefix: {
  tenant?: string;
  tools?: unknown[];
  messages: unknown[];
}): string | undefined {
  const { tenant, tools = [], messages } = prefix;
  if (tools.length === 0 && messages.length === 0) return undefined;
  return `llmux-${hash('sha256', JSON.stringify([tenant ?? null, tools, messages]), 'base64url').slice(0, 22)}`;
}
