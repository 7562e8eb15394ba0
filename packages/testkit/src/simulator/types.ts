import type { IncomingHttpHeaders } from 'node:http';
import type { Clock } from '@llmux/core';
import type { BatchApi } from './batch-http.js';
import type { DialectCapabilities } from './capabilities.js';
import type { StreamFraming } from './framing.js';
import type { SimPromptCache } from './prompt-cache.js';

/**
 * A provider's name: any string, a built-in dialect's (see `dialects.ts`: `ollama` too) or one a
 * dialect object gives itself. The first three are spelled out, as they were before any other
 * could be named, so `Record<ProviderName, …>` still means "one for each of those three".
 */
export type ProviderName = 'anthropic' | 'openai' | 'gemini' | (string & {});

/** A request as the simulator understood it, whatever the provider's wire format. */
export interface SimRequest {
  operation: 'generate' | 'count-tokens' | 'embed';
  model: string;
  stream: boolean;
  /** Every text the provider would tokenise (system, messages, tools), joined. */
  promptText: string;
  /** The last user message's text: what the default echo answer repeats. */
  lastUserText: string;
  /** Names of the tools the request offered. */
  toolNames: string[];
  /** `embed`: each text, and the size of the vector to answer it with. */
  embedInputs?: Array<{ text: string; dimensions: number }>;
  maxOutputTokens?: number;
  /** OpenAI `stream_options.include_usage`; always true for the others. */
  includeUsage: boolean;
  /**
   * Whether the model thinks before it answers: `visible` shows the thinking (Claude's thinking
   * blocks, Gemini's thought summaries), `hidden` only counts its tokens (OpenAI's reasoning).
   */
  thinking?: 'visible' | 'hidden';
  /** Log probabilities asked for, with `top` alternatives per token. */
  logprobs?: { top: number };
  /** The raw parsed body and headers, for tests that assert on them. */
  body: unknown;
  headers: IncomingHttpHeaders;
  /**
   * The path and query the request came to (`/openai/deployments/gpt-5/chat/completions?…`),
   * set by the simulator's server as it receives it.
   */
  path?: string;
}

/** What the simulator answers: scripted, or derived from the request (the default echoes). */
export interface ScriptedReply {
  text?: string;
  /** What the model thought, for a request that thinks (default: a line about the question). */
  reasoning?: string;
  toolCalls?: Array<{ id?: string; name: string; arguments: Record<string, unknown> }>;
  finishReason?: 'stop' | 'length' | 'tool-calls' | 'content-filter';
  /** Overrides of the counted usage. */
  usage?: Partial<SimUsage>;
}

/**
 * Same meaning as core's `Usage`: `inputTokens` counts every input token, cached ones included
 * (a dialect whose provider reports uncached input apart, like Anthropic, subtracts the cache
 * fields), and `outputTokens` includes `reasoningTokens`.
 */
export interface SimUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  /** Of `cacheWriteTokens`, those written with a 1-hour lifetime (Anthropic). */
  cacheWrite1hTokens?: number;
  reasoningTokens: number;
}

/** A reply with every field settled, as the dialects render it. */
export interface ResolvedReply {
  id: string;
  model: string;
  text: string;
  /** The thinking shown or counted, when the request thinks. */
  reasoning?: string;
  toolCalls: Array<{ id: string; name: string; arguments: Record<string, unknown> }>;
  finishReason: 'stop' | 'length' | 'tool-calls' | 'content-filter';
  usage: SimUsage;
  /** Characters of text (and of tool-call arguments) per stream delta; see `chunkText`. */
  chunkSize?: number;
}

/** What an embedding call answers: a vector per input, in order, and the input tokens. */
export interface EmbedReply {
  model: string;
  embeddings: number[][];
  inputTokens: number;
}

/**
 * One frame of a streamed answer: its `data` payload, and the `event:` name where the provider's
 * framing has one (server-sent events). The dialect's `framing` puts it on the wire.
 */
export interface StreamFrame {
  event?: string;
  data: string;
  /** Whether this frame carries answer content (text or tool-call fragments): pacing applies. */
  content?: boolean;
}

/** A frame of a server-sent-events stream (the framing of Anthropic, OpenAI and Gemini). */
export type SseFrame = StreamFrame;

export interface RateLimitState {
  requestsLimit?: number;
  requestsRemaining?: number;
  /** Milliseconds until the request window has room again. */
  requestsResetMs?: number;
  tokensLimit?: number;
  tokensRemaining?: number;
  tokensResetMs?: number;
}

export interface ErrorReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Which operation a method and path are; `method` names the provider's (`batchEmbedContents`). */
export interface SimRoute {
  operation: SimRequest['operation'];
  stream: boolean;
  model?: string;
  method?: string;
}

/** What makes one provider's simulator speak that provider's API. */
export interface SimulatorDialect {
  /** The provider's name: what `Simulator.provider` and errors say. */
  provider: ProviderName;
  /**
   * The base URL the provider's SDK or client is given to reach a simulator at `url`
   * (`http://127.0.0.1:PORT`), e.g. OpenAI's `url + '/v1'`. Default: `url` itself.
   */
  baseURL?(url: string): string;
  /** How streamed answers go on the wire; default `sseFraming` (server-sent events). */
  framing?: StreamFraming;
  /**
   * What the provider's API lacks, so the engine neither serves nor lets a script ask for it
   * (see `DialectCapabilities`); every flag left out is read from the dialect (`capabilitiesOf`).
   */
  capabilities?: DialectCapabilities;
  /** Which operation a method and path are (undefined: 404). `url` carries query parameters. */
  route(method: string, url: URL): SimRoute | undefined;
  /** Reads a request body; throws `SimulatorRequestError` for one the real API would refuse. */
  parse(body: unknown, route: SimRoute, headers: IncomingHttpHeaders): SimRequest;
  /** Whether the request carries an API key in the provider's header. */
  hasApiKey(headers: IncomingHttpHeaders): boolean;
  /** The body of an answered `count-tokens` call, where the provider has such an endpoint. */
  countTokensBody?(tokens: number, request: SimRequest): unknown;
  responseBody(reply: ResolvedReply, request: SimRequest): unknown;
  /** The body of an answered `embed` call, where the provider has an embeddings endpoint. */
  embedBody?(reply: EmbedReply, request: SimRequest): unknown;
  /** Every frame of a streamed answer, in order; the engine paces, frames and may cut them. */
  streamFrames(reply: ResolvedReply, request: SimRequest): StreamFrame[];
  /** The provider's error body and headers for a status (`message` as the API would word it). */
  errorReply(
    status: number,
    message: string,
    context?: { requestId?: string; retryAfterMs?: number },
  ): ErrorReply;
  /** Whether errors carry a `retry-after` header; Gemini states the delay only in its body. Default true. */
  retryAfterHeader?: boolean;
  /** The provider's in-stream error event, for errors after the stream has started. */
  streamErrorFrame(status: number, message: string): StreamFrame;
  /** Whether the provider ends streams with a sentinel such as OpenAI's `data: [DONE]`. */
  doneFrame?: StreamFrame;
  /** The provider's rate-limit headers, where it sends any. */
  rateLimitHeaders?(state: RateLimitState): Record<string, string>;
  /** The status the provider answers with when overloaded or down (Anthropic 529); default 503. */
  overloadedStatus?: number;
  /** The header that carries the request id on every response (`request-id`, `x-request-id`). */
  requestIdHeader?: string;
  /** Prefixes of the ids the engine makes (`msg_`, `toolu_`, `req_`). */
  idPrefixes?: { response?: string; toolCall?: string; request?: string };
  /** The provider's batch (and file) endpoints, where it has them. */
  batchApi?: BatchApi;
  /** The provider's prompt cache, one per simulator: made when it starts, emptied by `reset`. */
  createPromptCache?(clock: Clock): SimPromptCache;
}

export class SimulatorRequestError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}
