import { LlmuxError } from '@llmux/core';
import { anthropicWire } from '../anthropic/anthropic-wire.js';
import { geminiWire } from '../gemini/gemini-wire.js';
import { ollamaWire } from '../ollama/ollama-wire.js';
import { openaiWire } from '../openai/openai-wire.js';
import type { ConformanceOptions } from './conformance-options.js';
import type { WireReader } from './wire-view.js';

const builtIn: Partial<Record<string, WireReader>> = {
  anthropic: anthropicWire,
  gemini: geminiWire,
  ollama: ollamaWire,
  openai: openaiWire,
};

/** The options' wire reader, else the built-in one of the provider; a new dialect must bring one. */
export function wireReaderFor(options: ConformanceOptions): WireReader {
  const reader =
    options.wire ?? (typeof options.provider === 'string' ? builtIn[options.provider] : undefined);
  if (!reader) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Conformance option "wire" is required for a provider without a built-in wire reader (${Object.keys(builtIn).join(', ')})`,
    });
  }
  return reader;
}
