import { chunkText } from '../simulator/sse.js';
import type { ResolvedReply, SimUsage, SseFrame } from '../simulator/types.js';

const finishReasons: Record<ResolvedReply['finishReason'], string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  // Gemini has no finish reason of its own for function calls: they end with STOP.
  'tool-calls': 'STOP',
  'content-filter': 'SAFETY',
};

/** What a blocked candidate carries besides `finishReason: SAFETY`. */
const blockedRatings = [
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
];

const textTokens = (tokenCount: number) => [{ modality: 'TEXT', tokenCount }];

/**
 * `usageMetadata` as the API reports it: `promptTokenCount` includes the cached tokens
 * (`cachedContentTokenCount`), and `candidatesTokenCount` excludes the thinking tokens
 * (`thoughtsTokenCount`), which `SimUsage.outputTokens` includes. `candidates` overrides the
 * answer tokens for the running totals of stream chunks.
 */
export function geminiUsageMetadata(usage: SimUsage, candidates?: number) {
  const answerTokens = candidates ?? Math.max(0, usage.outputTokens - usage.reasoningTokens);
  return {
    promptTokenCount: usage.inputTokens,
    candidatesTokenCount: answerTokens,
    totalTokenCount: usage.inputTokens + answerTokens + usage.reasoningTokens,
    promptTokensDetails: textTokens(usage.inputTokens),
    ...(usage.cacheReadTokens > 0
      ? {
          cachedContentTokenCount: usage.cacheReadTokens,
          cacheTokensDetails: textTokens(usage.cacheReadTokens),
        }
      : {}),
    ...(usage.reasoningTokens > 0 ? { thoughtsTokenCount: usage.reasoningTokens } : {}),
  };
}

const functionCallPart = (call: ResolvedReply['toolCalls'][number]) => ({
  functionCall: { name: call.name, args: call.arguments },
});

/** A candidate, shaped like the recordings: content only where it has parts. */
function candidate(parts: unknown[], reply: ResolvedReply, finished: boolean) {
  const blocked = finished && reply.finishReason === 'content-filter';
  return {
    ...(parts.length > 0 ? { content: { parts, role: 'model' } } : {}),
    ...(finished ? { finishReason: finishReasons[reply.finishReason] } : {}),
    index: 0,
    ...(blocked ? { safetyRatings: blockedRatings } : {}),
  };
}

/** A `GenerateContentResponse`, shaped like fixtures/recorded/google/google-text.json. */
export function generateContentBody(reply: ResolvedReply) {
  const parts: unknown[] = reply.text === '' ? [] : [{ text: reply.text }];
  parts.push(...reply.toolCalls.map(functionCallPart));
  const toolMessage =
    reply.toolCalls.length > 0 && reply.finishReason === 'tool-calls'
      ? { finishMessage: 'Model generated function call(s).' }
      : {};
  return {
    candidates: [{ ...candidate(parts, reply, true), ...toolMessage }],
    usageMetadata: geminiUsageMetadata(reply.usage),
    modelVersion: reply.model,
    responseId: reply.id,
  };
}

/**
 * Every chunk of `streamGenerateContent?alt=sse`, shaped like the recordings: text in pieces of
 * `chunkSize` characters, each function call whole in its own chunk, then a closing chunk with an empty text
 * part and the `finishReason` (a blocked answer closes with no content). Every chunk repeats the
 * running `usageMetadata`; the closing one has the final counts.
 */
export function streamChunks(reply: ResolvedReply): SseFrame[] {
  const answerTokens = Math.max(0, reply.usage.outputTokens - reply.usage.reasoningTokens);
  const totalChars = reply.text.length;
  let sentChars = 0;
  const frame = (parts: unknown[], finished: boolean, candidates: number): SseFrame => ({
    data: JSON.stringify({
      candidates: [candidate(parts, reply, finished)],
      usageMetadata: geminiUsageMetadata(reply.usage, candidates),
      modelVersion: reply.model,
      responseId: reply.id,
    }),
    content: !finished,
  });

  const pieces = reply.text === '' ? [] : chunkText(reply.text, reply.chunkSize);
  const frames = pieces.map((text) => {
    sentChars += text.length;
    const running = Math.ceil((answerTokens * sentChars) / Math.max(1, totalChars));
    return frame([{ text }], false, running);
  });
  for (const call of reply.toolCalls)
    frames.push(frame([functionCallPart(call)], false, answerTokens));
  const closing = reply.finishReason === 'content-filter' ? [] : [{ text: '' }];
  frames.push(frame(closing, true, answerTokens));
  return frames;
}

/** The `countTokens` answer. */
export const countTokensBody = (tokens: number) => ({
  totalTokens: tokens,
  promptTokensDetails: textTokens(tokens),
});
