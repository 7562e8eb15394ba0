export { anthropicWire } from './anthropic/anthropic-wire.js';
export type { ConformanceResult } from './conformance/check-conformance.js';
export { checkConformance } from './conformance/check-conformance.js';
export type {
  ConformanceCapabilities,
  ConformanceOptions,
} from './conformance/conformance-options.js';
export { contextLengthFaults } from './conformance/conformance-options.js';
export type { RechunkingProxy } from './conformance/rechunking-proxy.js';
export { startRechunkingProxy } from './conformance/rechunking-proxy.js';
export { runConformanceSuite } from './conformance/run-conformance-suite.js';
export type {
  WireImage,
  WireMessage,
  WireReader,
  WireToolResult,
  WireView,
} from './conformance/wire-view.js';
export { geminiWire } from './gemini/gemini-wire.js';
export { ollamaWire } from './ollama/ollama-wire.js';
export { openaiWire } from './openai/openai-wire.js';
