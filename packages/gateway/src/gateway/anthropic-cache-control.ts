import type { PromptCacheHint } from '@llmux/core';
import { isObject } from './body-fields.js';
import { badField } from './request-field-error.js';

/**
 * Collects a Messages request's `cache_control` breakpoints, in prompt order (tools, system,
 * messages), as core's prompt-cache hint: the prefix up to the last breakpoint, kept for an
 * hour if any breakpoint asks so (the hint has one lifetime; the longer keeps what the client
 * wanted kept). Each provider then caches that prefix its own way.
 */
export function createCacheBreakpoints() {
  let prefix: PromptCacheHint['prefix'] | undefined;
  let ttl: PromptCacheHint['ttl'];
  return {
    /** Reads `value` (a `cache_control` at `param`), a breakpoint ending the prefix `at`. */
    mark(value: unknown, param: string, at: PromptCacheHint['prefix']): void {
      if (value === undefined || value === null) return;
      if (!isObject(value) || value.type !== 'ephemeral') {
        throw badField(param, 'must be { "type": "ephemeral", "ttl"?: "5m" | "1h" }');
      }
      for (const key of Object.keys(value)) {
        if (key !== 'type' && key !== 'ttl') throw badField(`${param}.${key}`, 'is not supported');
      }
      if (value.ttl !== undefined && value.ttl !== '5m' && value.ttl !== '1h') {
        throw badField(`${param}.ttl`, 'must be "5m" or "1h"');
      }
      prefix = at;
      if (value.ttl === '1h' || ttl === undefined) ttl = value.ttl as PromptCacheHint['ttl'];
    },
    hint(): PromptCacheHint | undefined {
      return prefix && { prefix, ...(ttl && { ttl }) };
    },
  };
}

export type CacheBreakpoints = ReturnType<typeof createCacheBreakpoints>;
