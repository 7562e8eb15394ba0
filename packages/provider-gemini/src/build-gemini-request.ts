import type { GenerateContentConfig, GenerateContentParameters } from '@google/genai';
import {
  checkRequestSettings,
  type GenerateRequest,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import { convertToGeminiContents } from './convert-to-gemini-contents.js';
import { definedFields } from './defined-fields.js';
import { parseGeminiOptions } from './gemini-options.js';
import { geminiRequestSettings } from './gemini-request-settings.js';
import { prepareGeminiTools } from './prepare-gemini-tools.js';

/** Gemini refuses more stop sequences than this. */
const MAX_STOP_SEQUENCES = 5;

export interface GeminiRequest {
  params: GenerateContentParameters;
  warnings: Warning[];
}

/**
 * The SDK call for a request, and the warnings for what Gemini could not take. Every call turns
 * the SDK's own resilience off, because failover owns it: no HTTP retries (`attempts: 1`, which
 * also holds for an injected client built with `retryOptions`), no automatic continuation (the
 * SDK would reopen streams by itself) and no automatic function calling.
 */
export function buildGeminiRequest(modelId: string, request: GenerateRequest): GeminiRequest {
  const { systemInstruction, contents, warnings } = convertToGeminiContents(
    request?.messages,
    modelId,
  );
  checkRequestSettings(request);
  const tools = prepareGeminiTools(request.tools, request.toolChoice);
  const options = parseGeminiOptions(request.providerOptions);
  const settings = geminiRequestSettings(request, modelId);
  warnings.push(...tools.warnings, ...options.warnings, ...settings.warnings);

  let stopSequences = request.stopSequences;
  if (stopSequences && stopSequences.length > MAX_STOP_SEQUENCES) {
    warnings.push(
      unsupportedSetting(
        'stopSequences',
        `Gemini takes at most ${MAX_STOP_SEQUENCES}; the rest were dropped`,
      ),
    );
    stopSequences = stopSequences.slice(0, MAX_STOP_SEQUENCES);
  }
  const format = request.responseFormat;
  const json =
    format?.type === 'json'
      ? {
          responseMimeType: 'application/json',
          ...(format.schema
            ? {
                [options.useResponseSchema ? 'responseSchema' : 'responseJsonSchema']:
                  format.schema,
              }
            : {}),
        }
      : {};

  const config: GenerateContentConfig = {
    ...definedFields({
      systemInstruction,
      tools: tools.tools,
      toolConfig: tools.toolConfig,
      maxOutputTokens: request.maxOutputTokens,
      temperature: request.temperature,
      topP: request.topP,
      topK: request.topK,
      stopSequences,
      seed: request.seed,
    }),
    ...json,
    ...settings.config,
    ...options.config,
    httpOptions: { retryOptions: { attempts: 1 } },
    automaticContinuation: false,
    automaticFunctionCalling: { disable: true },
  };
  return { params: { model: modelId, contents, config }, warnings };
}
