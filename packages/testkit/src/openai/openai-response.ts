import { simLogprobs } from '../simulator/sim-logprobs.js';
import { chunkText } from '../simulator/sse.js';
import type { ResolvedReply, SimRequest, SimUsage, StreamFrame } from '../simulator/types.js';

const finishReasons: Record<ResolvedReply['finishReason'], string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
};

/** Marks the simulator's answers, like the `fp_…` the real API sends. */
const SYSTEM_FINGERPRINT = 'fp_llmux_sim';

/** `usage` as the API reports it: prompt tokens include cached ones, completion tokens reasoning. */
export function openaiUsage(usage: SimUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: {
      cached_tokens: usage.cacheReadTokens,
      audio_tokens: 0,
      ...(usage.cacheWriteTokens > 0 ? { cache_write_tokens: usage.cacheWriteTokens } : {}),
    },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

const toolCallsOf = (reply: ResolvedReply) =>
  reply.toolCalls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));

/** `choice.logprobs` of a piece of text, when the request asked for them. */
const logprobsOf = (text: string, request: SimRequest | undefined) => {
  if (!request?.logprobs) return null;
  const bytes = (token: string) => Array.from(Buffer.from(token));
  return {
    content: simLogprobs(text, request.logprobs.top).map((token) => ({
      token: token.token,
      logprob: token.logprob,
      bytes: bytes(token.token),
      top_logprobs: token.top.map((alt) => ({ ...alt, bytes: bytes(alt.token) })),
    })),
    refusal: null,
  };
};

/** The tier that served the call: the one asked for, `auto` (and none) being `default`. */
const servedTier = (request: SimRequest | undefined): string => {
  const tier = (request?.body as { service_tier?: unknown } | undefined)?.service_tier;
  return typeof tier === 'string' && tier !== 'auto' ? tier : 'default';
};

/** A `chat.completion` body, shaped like fixtures/recorded/openai/openai-text.json. */
export function completionBody(reply: ResolvedReply, created: number, request?: SimRequest) {
  const toolCalls = toolCallsOf(reply);
  return {
    id: reply.id,
    object: 'chat.completion',
    created,
    model: reply.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text === '' && toolCalls.length > 0 ? null : reply.text,
          refusal: null,
          annotations: [],
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: logprobsOf(reply.text, request),
        finish_reason: finishReasons[reply.finishReason],
      },
    ],
    usage: openaiUsage(reply.usage),
    service_tier: servedTier(request),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
}

/**
 * Every `chat.completion.chunk` of a streamed answer, shaped like the recordings: a role chunk,
 * content and argument fragments of `reply.chunkSize` characters (a tool call's first fragment
 * carries its `index`, `id` and name, the others only `index`), a finish chunk, and the usage chunk
 * (`choices: []`) when `stream_options.include_usage` is set. `[DONE]` is the dialect's doneFrame.
 */
export function completionChunks(
  reply: ResolvedReply,
  request: SimRequest,
  created: number,
): StreamFrame[] {
  const head = {
    id: reply.id,
    object: 'chat.completion.chunk',
    created,
    model: reply.model,
    service_tier: servedTier(request),
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const frame = (
    delta: Record<string, unknown>,
    finishReason: string | null = null,
    content = false,
  ): StreamFrame => ({
    data: JSON.stringify({
      ...head,
      choices: [
        {
          index: 0,
          delta,
          logprobs: typeof delta.content === 'string' ? logprobsOf(delta.content, request) : null,
          finish_reason: finishReason,
        },
      ],
      ...(request.includeUsage ? { usage: null } : {}),
    }),
    content,
  });

  const frames: StreamFrame[] = [
    frame({ role: 'assistant', content: reply.text === '' ? null : '', refusal: null }),
  ];
  if (reply.text !== '') {
    for (const piece of chunkText(reply.text, reply.chunkSize)) {
      frames.push(frame({ content: piece }, null, true));
    }
  }
  toolCallsOf(reply).forEach((call, index) => {
    const { arguments: args, name } = call.function;
    frames.push(
      frame(
        {
          tool_calls: [{ index, id: call.id, type: 'function', function: { name, arguments: '' } }],
        },
        null,
        true,
      ),
    );
    for (const piece of chunkText(args, reply.chunkSize)) {
      frames.push(frame({ tool_calls: [{ index, function: { arguments: piece } }] }, null, true));
    }
  });
  frames.push(frame({}, finishReasons[reply.finishReason]));
  if (request.includeUsage) {
    frames.push({
      data: JSON.stringify({ ...head, choices: [], usage: openaiUsage(reply.usage) }),
    });
  }
  return frames;
}
