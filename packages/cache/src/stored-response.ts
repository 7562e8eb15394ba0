import type { FinishReason, GenerateResponse } from '@llmux/core';
import { isPlainObject } from './is-plain-object.js';
import { isFiniteNumber, readStoredEntry } from './stored-entry.js';

/**
 * The part of a response worth keeping: the answer and what it cost. Not kept: the trace (its
 * attempt messages may quote provider errors), rate-limit headers (stale on replay) and
 * timings (a hit has its own).
 */
export type CachedResponse = Pick<
  GenerateResponse,
  'id' | 'provider' | 'model' | 'content' | 'finishReason' | 'usage' | 'costUsd' | 'warnings'
> &
  Pick<Partial<GenerateResponse>, 'providerMetadata'>;

/** Bumped when the stored shape changes; values of another version read as a miss. */
const STORED_VERSION = 1;

/** The cacheable part of a response (a whole one, or that part already), sharing its values. */
const cacheablePart = (response: CachedResponse): CachedResponse => ({
  id: response.id,
  provider: response.provider,
  model: response.model,
  content: response.content,
  finishReason: response.finishReason,
  usage: response.usage,
  costUsd: response.costUsd,
  warnings: response.warnings,
  providerMetadata: response.providerMetadata,
});

/** A fresh copy of the cacheable part of a response, shared with nothing else. */
export const toCachedResponse = (response: GenerateResponse): CachedResponse =>
  structuredClone(cacheablePart(response));

/** Only complete answers are stored: a response that ended in an error is not. */
export const isStorable = (response: CachedResponse): boolean =>
  response.finishReason.unified !== 'error';

/** Refuses what a structured clone refuses (functions, symbols), where JSON would drop it. */
const plainDataOnly = (_key: string, value: unknown): unknown => {
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError('A response to store holds a function or a symbol');
  }
  return value;
};

/**
 * The stored text of a response: its cacheable part as versioned JSON, written straight from
 * the response (no copy needed). Throws when that part is not plain data.
 */
export const encodeStoredResponse = (response: CachedResponse): string =>
  JSON.stringify({ v: STORED_VERSION, response: cacheablePart(response) }, plainDataOnly);

const finishReasons = new Set<FinishReason>([
  'stop',
  'length',
  'tool-calls',
  'content-filter',
  'error',
  'other',
]);

const isString = (value: unknown): value is string => typeof value === 'string';

const isContentPart = (part: unknown): boolean =>
  isPlainObject(part) &&
  ((part.type === 'text' && isString(part.text)) ||
    (part.type === 'tool-call' && isString(part.toolCallId) && isString(part.toolName)));

const isUsage = (usage: unknown): boolean =>
  isPlainObject(usage) &&
  ['inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'].every(
    (field) => isFiniteNumber(usage[field]),
  ) &&
  (usage.cacheWrite1hTokens === undefined || isFiniteNumber(usage.cacheWrite1hTokens));

const isCachedResponse = (value: unknown): value is CachedResponse =>
  isPlainObject(value) &&
  isString(value.id) &&
  isString(value.provider) &&
  isString(value.model) &&
  Array.isArray(value.content) &&
  value.content.every(isContentPart) &&
  isPlainObject(value.finishReason) &&
  finishReasons.has(value.finishReason.unified as FinishReason) &&
  (value.finishReason.raw === undefined || isString(value.finishReason.raw)) &&
  isUsage(value.usage) &&
  isFiniteNumber(value.costUsd) &&
  Array.isArray(value.warnings) &&
  value.warnings.every(isPlainObject) &&
  (value.providerMetadata === undefined || isPlainObject(value.providerMetadata));

/**
 * Reads a stored value back; `undefined` when it is not JSON, of another version or not the
 * shape of a response, so a corrupt entry is a miss rather than a crash.
 */
export function decodeStoredResponse(text: unknown): CachedResponse | undefined {
  const stored = readStoredEntry(text, STORED_VERSION);
  return stored && isCachedResponse(stored.response) ? stored.response : undefined;
}
