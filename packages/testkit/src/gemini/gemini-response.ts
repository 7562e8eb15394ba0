import { simLogprobs } from '../simulator/sim-logprobs.js';
import { simSignature } from '../simulator/sim-signature.js';
import { chunkText } from '../simulator/sse.js';
import type { ResolvedReply, SimRequest, SimUsage, StreamFrame } from '../simulator/types.js';
import { callSignature, isGemini3 } from './gemini-settings.js';

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

type Part = Record<string, unknown>;

/**
 * A function call part; on Gemini 3 the first call of a step carries the thought signature the
 * model must get back with it (google-stream-no-args-tool-call.chunks.txt).
 */
const functionCallPart = (
  call: ResolvedReply['toolCalls'][number],
  index: number,
  reply: ResolvedReply,
): Part => ({
  functionCall: { name: call.name, args: call.arguments },
  ...(index === 0 && isGemini3(reply.model) ? { thoughtSignature: callSignature(call) } : {}),
});

/** A Gemini 3 answer without calls signs its last part (google-text.json). */
const textSignature = (reply: ResolvedReply): Part =>
  isGemini3(reply.model) && reply.toolCalls.length === 0
    ? { thoughtSignature: simSignature(reply.text) }
    : {};

/** Thought summary parts, where the request asked for them (`includeThoughts`). */
const thoughtParts = (reply: ResolvedReply, request: SimRequest | undefined, size?: number) =>
  request?.thinking === 'visible' && reply.reasoning
    ? chunkText(reply.reasoning, size ?? reply.reasoning.length).map((text) => ({
        text,
        thought: true,
      }))
    : [];

/** `logprobsResult` and `avgLogprobs` of a piece of text, when the request asked for them. */
function logprobsOf(text: string, request: SimRequest | undefined) {
  if (!request?.logprobs || text === '') return {};
  const tokens = simLogprobs(text, request.logprobs.top);
  const candidateOf = (token: { token: string; logprob: number }) => ({
    token: token.token,
    logProbability: token.logprob,
  });
  const sum = tokens.reduce((total, token) => total + token.logprob, 0);
  return {
    logprobsResult: {
      topCandidates: tokens.map((token) => ({ candidates: token.top.map(candidateOf) })),
      chosenCandidates: tokens.map(candidateOf),
      logProbabilitySum: sum,
    },
    avgLogprobs: sum / tokens.length,
  };
}

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

/**
 * A `GenerateContentResponse`, shaped like fixtures/recorded/google/google-text.json: thought
 * summaries first where asked for, then the answer and its function calls.
 */
export function generateContentBody(reply: ResolvedReply, request?: SimRequest) {
  const parts: Part[] = thoughtParts(reply, request);
  if (reply.text !== '') parts.push({ text: reply.text, ...textSignature(reply) });
  parts.push(...reply.toolCalls.map((call, i) => functionCallPart(call, i, reply)));
  const toolMessage =
    reply.toolCalls.length > 0 && reply.finishReason === 'tool-calls'
      ? { finishMessage: 'Model generated function call(s).' }
      : {};
  return {
    candidates: [
      { ...candidate(parts, reply, true), ...toolMessage, ...logprobsOf(reply.text, request) },
    ],
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
export function streamChunks(reply: ResolvedReply, request?: SimRequest): StreamFrame[] {
  const answerTokens = Math.max(0, reply.usage.outputTokens - reply.usage.reasoningTokens);
  const totalChars = reply.text.length;
  let sentChars = 0;
  const frame = (parts: Part[], finished: boolean, candidates: number): StreamFrame => ({
    data: JSON.stringify({
      candidates: [
        {
          ...candidate(parts, reply, finished),
          ...logprobsOf(
            parts
              .map((part) => (part.thought || typeof part.text !== 'string' ? '' : part.text))
              .join(''),
            request,
          ),
        },
      ],
      usageMetadata: geminiUsageMetadata(reply.usage, candidates),
      modelVersion: reply.model,
      responseId: reply.id,
    }),
    content: !finished,
  });

  const frames = thoughtParts(reply, request, reply.chunkSize).map((part) =>
    frame([part], false, 0),
  );
  const pieces = reply.text === '' ? [] : chunkText(reply.text, reply.chunkSize);
  for (const text of pieces) {
    sentChars += text.length;
    const running = Math.ceil((answerTokens * sentChars) / Math.max(1, totalChars));
    frames.push(frame([{ text }], false, running));
  }
  reply.toolCalls.forEach((call, i) => {
    frames.push(frame([functionCallPart(call, i, reply)], false, answerTokens));
  });
  // The closing part carries a text answer's signature, as in google-text.chunks.txt.
  const closing =
    reply.finishReason === 'content-filter' ? [] : [{ text: '', ...textSignature(reply) }];
  frames.push(frame(closing, true, answerTokens));
  return frames;
}

/** The `countTokens` answer. */
export const countTokensBody = (tokens: number) => ({
  totalTokens: tokens,
  promptTokensDetails: textTokens(tokens),
});
