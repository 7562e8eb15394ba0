import {
  checkRequestSettings,
  type GenerateRequest,
  LlmuxError,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import { convertToOllamaMessages } from './convert-to-ollama-messages.js';
import { parseOllamaOptions } from './ollama-options.js';
import { thinkOf } from './ollama-thinking.js';
import type { OllamaChatRequest, OllamaOptions } from './ollama-wire.js';
import { prepareOllamaTools } from './prepare-ollama-tools.js';

/** Requests read their provider options from `providerOptions.ollama`. */
export const PROVIDER_OPTIONS_KEY = 'ollama';

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

/** The sampling settings and limits, as Ollama `options`. */
function optionsOf(request: GenerateRequest): OllamaOptions {
  const { maxOutputTokens } = request;
  if (
    maxOutputTokens !== undefined &&
    !(Number.isInteger(maxOutputTokens) && maxOutputTokens > 0)
  ) {
    throw invalid(`maxOutputTokens must be a positive integer, got ${String(maxOutputTokens)}`);
  }
  const entries: Array<[string, unknown]> = [
    ['num_predict', maxOutputTokens],
    ['temperature', request.temperature],
    ['top_p', request.topP],
    ['top_k', request.topK],
    ['seed', request.seed],
    ['frequency_penalty', request.frequencyPenalty],
    ['presence_penalty', request.presencePenalty],
    ['stop', request.stopSequences?.length ? request.stopSequences : undefined],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

/** `format`: `"json"`, or the schema the answer must match (Ollama enforces it by grammar). */
function formatOf(format: GenerateRequest['responseFormat']): OllamaChatRequest['format'] {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type !== 'json') {
    throw invalid(
      `responseFormat.type must be text or json, got ${JSON.stringify((format as { type?: unknown }).type)}`,
    );
  }
  return format.schema ?? 'json';
}

/** The settings Ollama has no field for, each a warning. */
function unsupportedWarnings(request: GenerateRequest): Warning[] {
  const warnings: Warning[] = [];
  if (request.serviceTier !== undefined) {
    warnings.push(unsupported('serviceTier', 'a local Ollama server has no service tiers'));
  }
  if (request.promptCache !== undefined) {
    warnings.push(
      unsupported('promptCache', 'Ollama reuses its cache of a shared prefix by itself'),
    );
  }
  return warnings;
}

/**
 * A core request as a `POST /api/chat` body, with a warning for each setting Ollama cannot take
 * (service tier, tool choice other than auto and none, parallel tool calls, a thinking budget,
 * image detail, the prompt-cache hint). `providerOptions.ollama` adds `keep_alive`, `think`,
 * `num_ctx` and any other model option.
 */
export function buildOllamaRequest(
  request: GenerateRequest,
  settings: { modelId: string; provider: string },
): { body: OllamaChatRequest; warnings: Warning[] } {
  if (typeof request !== 'object' || request === null) {
    throw invalid('The request must be an object');
  }
  checkRequestSettings(request);
  const { modelId } = settings;
  const provided = parseOllamaOptions(request.providerOptions, PROVIDER_OPTIONS_KEY);
  const { options: extra } = provided;
  const tools = prepareOllamaTools(request);
  const converted = convertToOllamaMessages(request.messages, settings.provider);
  const thinking = thinkOf(request.reasoning, modelId);
  const think = extra.think ?? thinking.think;
  const format = formatOf(request.responseFormat);
  const options = {
    ...optionsOf(request),
    ...(extra.numCtx === undefined ? {} : { num_ctx: extra.numCtx }),
    ...extra.options,
  };
  const { logprobs } = request;
  const body: OllamaChatRequest = {
    model: modelId,
    messages: converted.messages,
    stream: false,
    ...(tools.tools ? { tools: tools.tools } : {}),
    ...(format === undefined ? {} : { format }),
    ...(Object.keys(options).length > 0 ? { options } : {}),
    ...(think === undefined ? {} : { think }),
    ...(extra.keepAlive === undefined ? {} : { keep_alive: extra.keepAlive }),
    ...(logprobs === undefined
      ? {}
      : { logprobs: true, ...(logprobs.top === undefined ? {} : { top_logprobs: logprobs.top }) }),
  };
  return {
    body,
    warnings: [
      ...provided.warnings,
      ...tools.warnings,
      ...converted.warnings,
      ...(extra.think === undefined ? thinking.warnings : []),
      ...unsupportedWarnings(request),
    ],
  };
}
