import type { EmbedInputType } from '@llmux/core';
import { sha256, tenantNamespace } from './cache-key.js';
import { canonicalJson } from './canonical-json.js';

/** Bumped whenever what goes into a key changes, so old entries simply stop matching. */
const KEY_VERSION = 1;

/** What, besides the text, decides a vector. */
export interface EmbeddingKeyScope {
  /** The provider-independent name of what answers: an embedding group, or a pinned model. */
  group: string;
  dimensions: number;
  inputType?: EmbedInputType;
  tenant?: string;
}

/**
 * The store key of one text's vector: `<tenant namespace>:e:<sha-256>` over the group, the size,
 * the input type and the text. It names no provider: any model of the group may have made the
 * vector, and any may reuse it. The tenant is hashed, the text too, so neither is in a key.
 */
export const embeddingCacheKey = (scope: EmbeddingKeyScope, text: string): string =>
  `${tenantNamespace(scope.tenant)}:e:${sha256(
    canonicalJson({
      v: KEY_VERSION,
      group: scope.group,
      dimensions: scope.dimensions,
      inputType: scope.inputType,
      text,
    }),
  )}`;
