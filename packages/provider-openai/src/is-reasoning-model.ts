/**
 * Whether a model is one of OpenAI's reasoning models (o-series, GPT-5 and later, but not the
 * `-chat` variants), which refuse `max_tokens` and any sampling setting but the default.
 */
export const isReasoningModel = (modelId: string): boolean =>
  /^(o\d|gpt-([5-9]|\d{2}))/.test(modelId) && !modelId.includes('-chat');
