import {
  type OptionCheck,
  optionChecks,
  type ProviderOptions,
  readProviderOptions,
  type Warning,
} from '@llmux/core';

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

const { string, number, boolean, object, arrayOf, recordOf } = optionChecks;

const isSafetySetting: OptionCheck = (value) =>
  object(value) &&
  string((value as Record<string, unknown>).category) &&
  string((value as Record<string, unknown>).threshold);
const isThinkingConfig: OptionCheck = (value) => {
  if (!object(value)) return false;
  const { thinkingBudget, includeThoughts, thinkingLevel } = value as Record<string, unknown>;
  return (
    (thinkingBudget === undefined || number(thinkingBudget)) &&
    (includeThoughts === undefined || boolean(includeThoughts)) &&
    (thinkingLevel === undefined || string(thinkingLevel))
  );
};

const spec: Record<keyof GeminiOptions, [OptionCheck, string]> = {
  cachedContent: [string, 'a string'],
  safetySettings: [arrayOf(isSafetySetting), 'an array of { category, threshold }'],
  thinkingConfig: [
    isThinkingConfig,
    'an object of { thinkingBudget: number, includeThoughts: boolean, thinkingLevel: string }',
  ],
  presencePenalty: [number, 'a number'],
  frequencyPenalty: [number, 'a number'],
  labels: [recordOf(string), 'an object of strings'],
  responseModalities: [arrayOf(string), 'an array of strings'],
  mediaResolution: [string, 'a string'],
  serviceTier: [string, 'a string'],
  useResponseSchema: [boolean, 'a boolean'],
};

export interface ParsedGeminiOptions {
  /** `GenerateContentConfig` fields. */
  config: Record<string, unknown>;
  useResponseSchema: boolean;
  warnings: Warning[];
}

/**
 * Reads `providerOptions.gemini` with core's `readProviderOptions`: a known option of the wrong
 * type is an `invalid_request` naming it; an unknown one is a warning, and the call goes ahead
 * without it.
 */
export function parseGeminiOptions(
  providerOptions: ProviderOptions | undefined,
): ParsedGeminiOptions {
  const { options, warnings } = readProviderOptions(providerOptions, 'gemini', spec);
  const { useResponseSchema, ...config } = options;
  return { config, useResponseSchema: useResponseSchema === true, warnings };
}
