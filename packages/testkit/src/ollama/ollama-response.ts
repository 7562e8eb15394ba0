import { simLogprobs } from '../simulator/sim-logprobs.js';
import { chunkText } from '../simulator/sse.js';
import type {
  EmbedReply,
  ResolvedReply,
  SimRequest,
  SimUsage,
  StreamFrame,
} from '../simulator/types.js';

/** Ollama has no finish for tool calls: a turn that calls tools ends with `stop`. */
const doneReasons: Record<ResolvedReply['finishReason'], string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'stop',
  // Refused by the engine: the dialect declares no content filter.
  'content-filter': 'stop',
};

/** Nanoseconds, as Ollama reports every duration: 1 ms a prompt token, 20 ms an output token. */
const MS = 1_000_000;

/**
 * The counts and timings of Ollama's final chunk. `prompt_eval_count` counts the prompt as
 * evaluated, `eval_count` every output token, thinking included: there is no split.
 */
const metrics = (usage: SimUsage) => {
  const promptNs = usage.inputTokens * MS;
  const evalNs = usage.outputTokens * 20 * MS;
  return {
    total_duration: promptNs + evalNs + 2 * MS,
    load_duration: 2 * MS,
    prompt_eval_count: usage.inputTokens,
    prompt_eval_duration: promptNs,
    eval_count: usage.outputTokens,
    eval_duration: evalNs,
  };
};

/** Tool calls as Ollama sends them: arguments as an object, not JSON text. */
const toolCallsOf = (reply: ResolvedReply) =>
  reply.toolCalls.map((call, index) => ({
    id: call.id,
    function: { index, name: call.name, arguments: call.arguments },
  }));

/** Top-level `logprobs` of a piece of text, when the request asked for them. */
const logprobsOf = (text: string, request: SimRequest) =>
  request.logprobs && text !== ''
    ? {
        logprobs: simLogprobs(text, request.logprobs.top).map((token) => ({
          token: token.token,
          logprob: token.logprob,
          ...(request.logprobs!.top > 0 ? { top_logprobs: token.top } : {}),
        })),
      }
    : {};

const head = (reply: ResolvedReply, createdAt: string) => ({
  model: reply.model,
  created_at: createdAt,
});

/** A `POST /api/chat` answer with `"stream": false`: the whole message, done, with its counts. */
export function ollamaChatBody(reply: ResolvedReply, request: SimRequest, createdAt: string) {
  const toolCalls = toolCallsOf(reply);
  return {
    ...head(reply, createdAt),
    message: {
      role: 'assistant',
      content: reply.text,
      ...(reply.reasoning === undefined ? {} : { thinking: reply.reasoning }),
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    },
    done: true,
    done_reason: doneReasons[reply.finishReason],
    ...metrics(reply.usage),
    ...logprobsOf(reply.text, request),
  };
}

/**
 * The NDJSON lines of a streamed `POST /api/chat` answer: thinking, then text, in pieces of
 * `chunkSize` characters, each line a `message` with `done: false`; tool calls whole, in one
 * line; then the final line, `done: true` with `done_reason` and the counts.
 */
export function ollamaChatChunks(
  reply: ResolvedReply,
  request: SimRequest,
  createdAt: string,
): StreamFrame[] {
  const line = (message: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    data: JSON.stringify({
      ...head(reply, createdAt),
      message: { role: 'assistant', content: '', ...message },
      done: false,
      ...extra,
    }),
    content: true,
  });
  const frames: StreamFrame[] = [];
  if (reply.reasoning !== undefined) {
    for (const piece of chunkText(reply.reasoning, reply.chunkSize)) {
      frames.push(line({ thinking: piece }));
    }
  }
  if (reply.text !== '') {
    for (const piece of chunkText(reply.text, reply.chunkSize)) {
      frames.push(line({ content: piece }, logprobsOf(piece, request)));
    }
  }
  const toolCalls = toolCallsOf(reply);
  if (toolCalls.length > 0) frames.push(line({ tool_calls: toolCalls }));
  frames.push({
    data: JSON.stringify({
      ...head(reply, createdAt),
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: doneReasons[reply.finishReason],
      ...metrics(reply.usage),
    }),
  });
  return frames;
}

/** A `POST /api/embed` answer: a vector per input, and the tokens it read. */
export const ollamaEmbedBody = (reply: EmbedReply) => ({
  model: reply.model,
  embeddings: reply.embeddings,
  total_duration: reply.inputTokens * MS + 2 * MS,
  load_duration: 2 * MS,
  prompt_eval_count: reply.inputTokens,
});
