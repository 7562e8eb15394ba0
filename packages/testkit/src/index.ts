export { anthropicDialect } from './anthropic/anthropic-dialect.js';
export { anthropicErrorType } from './anthropic/anthropic-errors.js';
export { geminiDialect } from './gemini/gemini-dialect.js';
export type { MockModel, MockModelOptions, MockOutcome, MockScript } from './mock-model.js';
export { createMockModel } from './mock-model.js';
export type { OllamaDialectOptions } from './ollama/ollama-dialect.js';
export { createOllamaDialect, ollamaDialect } from './ollama/ollama-dialect.js';
export type { OpenAIDialectOptions } from './openai/openai-dialect.js';
export { createOpenAIDialect, openaiDialect } from './openai/openai-dialect.js';
export type { RedisTestServer } from './redis-test-server.js';
export { startRedisTestServer } from './redis-test-server.js';
export type { BatchBehavior } from './simulator/batch-behavior.js';
export type { BatchCounters } from './simulator/batch-counters.js';
export type {
  BatchAnswer,
  BatchApi,
  BatchCall,
  BatchHandler,
} from './simulator/batch-http.js';
export type { Duration, SimulatorBehavior } from './simulator/behavior.js';
export type { DialectCapabilities } from './simulator/capabilities.js';
export { capabilitiesOf } from './simulator/capabilities.js';
export type { SimulatorCounters } from './simulator/counters.js';
export { builtInProviders, dialectFor } from './simulator/dialects.js';
export type { FaultMix } from './simulator/fault-mix.js';
export {
  CUT_AFTER_CONTENT,
  chaosFaults,
  faultRules,
  generateMix,
  streamMix,
  totalShare,
} from './simulator/fault-mix.js';
export type { Fault, FaultRule } from './simulator/faults.js';
export type { StreamFraming } from './simulator/framing.js';
export { ndjsonFraming, sseFraming } from './simulator/framing.js';
export type { SimPromptCache } from './simulator/prompt-cache.js';
export { simulatedEmbedding } from './simulator/simulated-embedding.js';
export { chunkText, encodeSseFrame } from './simulator/sse.js';
export type { Simulator, SimulatorOptions } from './simulator/start-simulator.js';
export { startSimulator } from './simulator/start-simulator.js';
export type * from './simulator/types.js';
export { SimulatorRequestError } from './simulator/types.js';
// runConformanceSuite imports vitest, so it lives apart: import it from '@llmux/testkit/conformance'.
