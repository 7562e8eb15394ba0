import { estimateEmbedTokens } from './embed-usage.js';
import { LlmuxError } from './errors.js';
import type { RateLimitInfo, Warning } from './response.js';

/** What one provider call of a batch answered. */
export interface EmbedBatch {
  embeddings: number[][];
  /** Input tokens, when the provider reported them. */
  inputTokens?: number;
  rateLimits?: RateLimitInfo;
}

export interface EmbedBatchesOptions {
  /** The most texts the provider takes in one call. */
  maxPerCall: number;
  provider: string;
  model: string;
  /** The size every vector must have, when the request or the model fixes it. */
  dimensions?: number;
}

/** A provider answer that would misalign vectors with their texts: never passed on. */
const brokenAnswer = (options: EmbedBatchesOptions, problem: string) =>
  new LlmuxError({
    kind: 'server_error',
    message: `${options.provider}:${options.model} ${problem}`,
    provider: options.provider,
    model: options.model,
  });

export interface EmbeddedBatches {
  embeddings: number[][];
  inputTokens: number;
  /** Says so when a call reported no token count and `inputTokens` is core's estimate. */
  warnings: Warning[];
  rateLimits?: RateLimitInfo;
}

/**
 * Embeds `inputs` in calls of at most `maxPerCall` texts, one call after another, and joins the
 * vectors in the order of the inputs. Each call must answer one vector per text, of `dimensions`
 * values when given: anything else fails as a `server_error` rather than shift or drop a vector.
 * When a call reports no token count, the tokens of all the inputs are estimated, with a warning;
 * `rateLimits` are the last call's.
 */
export async function embedInBatches(
  inputs: readonly string[],
  options: EmbedBatchesOptions,
  call: (batch: string[]) => Promise<EmbedBatch>,
): Promise<EmbeddedBatches> {
  const embeddings: number[][] = [];
  let inputTokens: number | undefined = 0;
  let rateLimits: RateLimitInfo | undefined;
  for (let start = 0; start < inputs.length; start += options.maxPerCall) {
    const batch = inputs.slice(start, start + options.maxPerCall);
    const answer = await call(batch);
    if (answer.embeddings.length !== batch.length) {
      throw brokenAnswer(
        options,
        `answered ${answer.embeddings.length} embeddings for ${batch.length} inputs`,
      );
    }
    for (const [i, vector] of answer.embeddings.entries()) {
      const valid = Array.isArray(vector) && vector.every((value) => typeof value === 'number');
      const sized = options.dimensions === undefined || vector.length === options.dimensions;
      if (!valid || !sized) {
        throw brokenAnswer(
          options,
          `answered input ${start + i} with ${valid ? `${vector.length} values, not ${options.dimensions}` : 'something other than a vector of numbers'}`,
        );
      }
      embeddings.push(vector);
    }
    inputTokens =
      inputTokens === undefined || answer.inputTokens === undefined
        ? undefined
        : inputTokens + answer.inputTokens;
    rateLimits = answer.rateLimits ?? rateLimits;
  }
  const estimated = inputTokens === undefined;
  return {
    embeddings,
    inputTokens: inputTokens ?? estimateEmbedTokens(inputs),
    warnings: estimated
      ? [
          {
            type: 'other',
            message: `${options.provider}:${options.model} reported no token count: usage.inputTokens is estimated`,
          },
        ]
      : [],
    ...(rateLimits && { rateLimits }),
  };
}
