import { LlmuxError, type ProviderOptions, type Warning } from '@llmux/core';

/** What `providerOptions.gemini` may hold; each becomes the `GenerateContentConfig` field named. */
export interface GeminiOptions {
  /** An explicit context cache (`cachedContents/…`) made with `client.caches.create`. */
  cachedContent?: string;
  /** `safetySettings`: `[{ category: 'HARM_CATEGORY_…', threshold: 'BLOCK_…' }]`. */
  safetySettings?: Array<{ category: string; threshold: string; method?: string }>;
  /** `thinkingConfig`: `{ thinkingBudget, includeThoughts, thinkingLevel }`. */
  thinkingConfig?: { thinkingBudget?: number; includeThoughts?: boolean; thinkingLevel?: string };
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Billing labels. */
  labels?: Record<string, string>;
  /** `responseModalities`, e.g. `['TEXT']`. */
  responseModalities?: string[];
  /** `mediaResolution`, e.g. `MEDIA_RESOLUTION_LOW`. */
  mediaResolution?: string;
  /** `serviceTier`. */
  serviceTier?: string;
  /**
   * Send a JSON response format's schema as `responseSchema` (Gemini's OpenAPI subset, for older
   * models) rather than `responseJsonSchema` (JSON Schema, the default).
   */
  useResponseSchema?: boolean;
}

type Check = (value: unknown) => boolean;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString: Check = (value) => typeof value === 'string';
const isNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isBoolean: Check = (value) => typeof value === 'boolean';
const isArrayOf =
  (check: Check): Check =>
  (value) =>
    Array.isArray(value) && value.every(check);
const isRecordOf =
  (check: Check): Check =>
  (value) =>
    isObject(value) && Object.values(value).every(check);
const isSafetySetting: Check = (value) =>
  isObject(value) && isString(value.category) && isString(value.threshold);
const isThinkingConfig: Check = (value) =>
  isObject(value) &&
  (value.thinkingBudget === undefined || isNumber(value.thinkingBudget)) &&
  (value.includeThoughts === undefined || isBoolean(value.includeThoughts)) &&
  (value.thinkingLevel === undefined || isString(value.thinkingLevel));

const options: Record<keyof GeminiOptions, [Check, string]> = {
  cachedContent: [isString, 'a string'],
  safetySettings: [isArrayOf(isSafetySetting), 'an array of { category, threshold }'],
  thinkingConfig: [
    isThinkingConfig,
    'an object of { thinkingBudget: number, includeThoughts: boolean, thinkingLevel: string }',
  ],
  presencePenalty: [isNumber, 'a number'],
  frequencyPenalty: [isNumber, 'a number'],
  labels: [isRecordOf(isString), 'an object of strings'],
  responseModalities: [isArrayOf(isString), 'an array of strings'],
  mediaResolution: [isString, 'a string'],
  serviceTier: [isString, 'a string'],
  useResponseSchema: [isBoolean, 'a boolean'],
};

export interface ParsedGeminiOptions {
  /** `GenerateContentConfig` fields. */
  config: Record<string, unknown>;
  useResponseSchema: boolean;
  warnings: Warning[];
}

/**
 * Reads `providerOptions.gemini`: a known option of the wrong type is an `invalid_request`
 * naming it; an unknown one is a warning, and the call goes ahead without it.
 */
export function parseGeminiOptions(
  providerOptions: ProviderOptions | undefined,
): ParsedGeminiOptions {
  const given = providerOptions?.gemini;
  const parsed: ParsedGeminiOptions = { config: {}, useResponseSchema: false, warnings: [] };
  if (given === undefined) return parsed;
  if (!isObject(given)) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `providerOptions.gemini must be an object, got ${JSON.stringify(given)}`,
    });
  }
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const setting = `providerOptions.gemini.${key}`;
    const option = Object.hasOwn(options, key) ? options[key as keyof GeminiOptions] : undefined;
    if (!option) {
      parsed.warnings.push({ type: 'unsupported-setting', setting, details: 'unknown option' });
      continue;
    }
    const [check, expected] = option;
    if (!check(value)) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `${setting} must be ${expected}, got ${JSON.stringify(value)}`,
      });
    }
    if (key === 'useResponseSchema') parsed.useResponseSchema = value as boolean;
    else parsed.config[key] = value;
  }
  return parsed;
}
