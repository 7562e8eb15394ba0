import type { ScriptedReply, SimulatorDialect } from './types.js';

/**
 * What a provider's API has, declared on its dialect (`SimulatorDialect.capabilities`). The
 * engine serves only what a dialect has, refuses a script that asks for what it lacks, and the
 * conformance suite reads the same flags (through its options) so it demands of an adapter only
 * what its provider can do. A flag left out is read from the dialect: `true` for the first two,
 * and for the others whether the dialect implements what they need.
 */
export interface DialectCapabilities {
  /**
   * Whether usage reports prompt-cache reads and writes (Anthropic, OpenAI, Gemini). Without it a
   * scripted reply with cache tokens is refused. Default true.
   */
  promptCacheUsage?: boolean;
  /**
   * Whether the provider can stop an answer for its content filter (a `content-filter` finish).
   * Without it a scripted reply with that finish is refused. Default true.
   */
  contentFilter?: boolean;
  /** A count-tokens endpoint (`countTokensBody`); default whether the dialect has one. */
  countTokens?: boolean;
  /** An embeddings endpoint (`embedBody`); default whether the dialect has one. */
  embeddings?: boolean;
  /** A batch API (`batchApi`); default whether the dialect has one. */
  batch?: boolean;
  /** Rate-limit headers on answers (`rateLimitHeaders`); default whether the dialect has them. */
  rateLimitHeaders?: boolean;
}

/** Every flag of a dialect's capabilities, settled: declared, else read from the dialect. */
export function capabilitiesOf(dialect: SimulatorDialect): Required<DialectCapabilities> {
  const declared = dialect.capabilities ?? {};
  return {
    promptCacheUsage: declared.promptCacheUsage ?? true,
    contentFilter: declared.contentFilter ?? true,
    countTokens: declared.countTokens ?? dialect.countTokensBody !== undefined,
    embeddings: declared.embeddings ?? dialect.embedBody !== undefined,
    batch: declared.batch ?? dialect.batchApi !== undefined,
    rateLimitHeaders: declared.rateLimitHeaders ?? dialect.rateLimitHeaders !== undefined,
  };
}

/**
 * What a scripted reply asks of a provider that lacks it, as `[field, problem]`, or undefined:
 * a `content-filter` finish without a content filter, cache tokens without prompt-cache usage.
 */
export function scriptBeyondCapabilities(
  script: ScriptedReply,
  capabilities: Required<DialectCapabilities>,
  provider: string,
): [field: string, problem: string] | undefined {
  if (script.finishReason === 'content-filter' && !capabilities.contentFilter) {
    return ['reply.finishReason', `cannot be content-filter: ${provider} has no content filter`];
  }
  for (const field of ['cacheReadTokens', 'cacheWriteTokens', 'cacheWrite1hTokens'] as const) {
    if (script.usage?.[field] && !capabilities.promptCacheUsage) {
      return [`reply.usage.${field}`, `cannot be set: ${provider} reports no prompt-cache usage`];
    }
  }
  return undefined;
}
