import type { Finish, GenerateResponse, TokenLogprob, Usage } from '@llmux/core';
import type { LlmuxSummary } from './llmux-summary.js';
import type { ResponsesCall } from './to-responses-request.js';

type Json = Record<string, unknown>;

export const responseId = (requestId: string) => `resp_${requestId}`;

/** Item ids: unique within the gateway's responses, since the request id is. */
export const itemId = (prefix: 'msg' | 'fc' | 'rs', requestId: string, outputIndex: number) =>
  `${prefix}_${requestId}_${outputIndex}`;

export const toResponsesUsage = (usage: Usage) => ({
  input_tokens: usage.inputTokens,
  input_tokens_details: { cached_tokens: usage.cacheReadTokens },
  output_tokens: usage.outputTokens,
  output_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  total_tokens: usage.inputTokens + usage.outputTokens,
});

/** A response cut by the token limit or a content filter is `incomplete`, saying which. */
export function responseStatus(finish: Finish) {
  const reason =
    finish.unified === 'length'
      ? 'max_output_tokens'
      : finish.unified === 'content-filter'
        ? 'content_filter'
        : undefined;
  return reason === undefined
    ? { status: 'completed' as const, incomplete_details: null }
    : { status: 'incomplete' as const, incomplete_details: { reason } };
}

const bytes = (token: string) => [...Buffer.from(token, 'utf8')];

export const toResponsesLogprobs = (logprobs: TokenLogprob[]) =>
  logprobs.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    bytes: bytes(entry.token),
    top_logprobs: (entry.top ?? []).map((top) => ({ ...top, bytes: bytes(top.token) })),
  }));

export const outputText = (text: string, logprobs?: TokenLogprob[]) => ({
  type: 'output_text' as const,
  text,
  annotations: [],
  ...(logprobs && { logprobs: toResponsesLogprobs(logprobs) }),
});

export const messageItem = (id: string, status: string, content: Json[]) => ({
  type: 'message' as const,
  id,
  role: 'assistant' as const,
  status,
  content,
});

export const functionCallItem = (
  id: string,
  call: { callId: string; name: string; arguments: string },
  status: string,
) => ({
  type: 'function_call' as const,
  id,
  call_id: call.callId,
  name: call.name,
  arguments: call.arguments,
  status,
});

/** Reasoning shows as summary text only when the request asked for a summary. */
export const reasoningItem = (id: string, text: string, show: boolean) => ({
  type: 'reasoning' as const,
  id,
  summary: show && text !== '' ? [{ type: 'summary_text' as const, text }] : [],
});

/** A tool call's arguments as JSON text; a text the model left unparseable stays as it was. */
export const argumentsText = (args: unknown) =>
  typeof args === 'string' ? args : JSON.stringify(args ?? {});

/** What every form of a response object shares: its id, times, model and the request's settings. */
export interface ResponseFrame {
  requestId: string;
  createdAt: number;
  model: string;
  call: ResponsesCall;
}

/** A `response` object in any state, its settings repeated as OpenAI does. */
export function responseObject(
  frame: ResponseFrame,
  state: {
    status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
    output: Json[];
    incomplete_details?: { reason: string } | null;
    error?: { code: string; message: string } | null;
    usage?: Usage;
    completedAt?: number;
    llmux?: LlmuxSummary;
  },
) {
  return {
    id: responseId(frame.requestId),
    object: 'response' as const,
    created_at: frame.createdAt,
    status: state.status,
    ...(state.completedAt !== undefined && { completed_at: state.completedAt }),
    error: state.error ?? null,
    incomplete_details: state.incomplete_details ?? null,
    model: frame.model,
    output: state.output,
    usage: state.usage ? toResponsesUsage(state.usage) : null,
    ...frame.call.settings,
    ...(state.llmux && { llmux: state.llmux }),
  };
}

/**
 * A whole core response as an OpenAI `response`: its reasoning, text and function calls as
 * output items in the order the model produced them (a run of text is one message item), with
 * the `llmux` summary beside them.
 */
export function toResponsesObject(
  response: GenerateResponse,
  frame: ResponseFrame,
  summary: LlmuxSummary,
  completedAt: number,
) {
  const { status, incomplete_details } = responseStatus(response.finishReason);
  const { requestId, call } = frame;
  const output: Json[] = [];
  let logprobs = call.logprobs ? (response.logprobs ?? []) : undefined;
  for (const part of response.content) {
    const at = output.length;
    if (part.type === 'reasoning') {
      output.push(reasoningItem(itemId('rs', requestId, at), part.text, call.showReasoning));
    } else if (part.type === 'tool-call') {
      const args = argumentsText(part.arguments);
      output.push(
        functionCallItem(
          itemId('fc', requestId, at),
          { callId: part.toolCallId, name: part.toolName, arguments: args },
          'completed',
        ),
      );
    } else {
      const last = output.at(-1) as ReturnType<typeof messageItem> | undefined;
      const text = outputText(part.text, logprobs);
      // The response's log probabilities cover all its text: the first text part carries them.
      logprobs &&= [];
      if (last?.type === 'message') last.content.push(text);
      else output.push(messageItem(itemId('msg', requestId, at), status, [text]));
    }
  }
  return responseObject(frame, {
    status,
    output,
    incomplete_details,
    usage: response.usage,
    ...(status === 'completed' && { completedAt }),
    llmux: summary,
  });
}
