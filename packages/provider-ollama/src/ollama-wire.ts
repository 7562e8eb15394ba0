/** Ollama's native API as it goes on the wire: the parts llmux sends and reads. */

export interface OllamaToolCall {
  /** Set by newer servers; llmux makes one when it is missing. */
  id?: string;
  function: { index?: number; name: string; arguments: Record<string, unknown> };
}

export interface OllamaMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** Base64 images, without a `data:` prefix. */
  images?: string[];
  /** What a reasoning model thought (its reply), or thinking sent back in a conversation. */
  thinking?: string;
  tool_calls?: OllamaToolCall[];
  /** On a `tool` message: the tool whose result it is, and the call it answers. */
  tool_name?: string;
  tool_call_id?: string;
}

export interface OllamaTool {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

/** `options`: the model parameters of one call (Ollama's Modelfile parameters). */
export type OllamaOptions = Record<string, unknown>;

export interface OllamaChatRequest {
  model: string;
  messages: OllamaMessage[];
  stream: boolean;
  tools?: OllamaTool[];
  /** `"json"`, or a JSON schema the answer must match. */
  format?: 'json' | Record<string, unknown>;
  options?: OllamaOptions;
  /** `true`/`false`, or a level for the models that take one (gpt-oss). */
  think?: boolean | 'low' | 'medium' | 'high';
  /** How long the model stays loaded after the call: `"5m"`, seconds, `0` to unload, `-1` forever. */
  keep_alive?: string | number;
  logprobs?: boolean;
  top_logprobs?: number;
}

export interface OllamaLogprob {
  token: string;
  logprob: number;
  top_logprobs?: Array<{ token: string; logprob: number }>;
}

/** A whole answer (`"stream": false`), or one NDJSON line of a streamed one. */
export interface OllamaChatChunk {
  model?: string;
  created_at?: string;
  message?: Partial<OllamaMessage>;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  total_duration?: number;
  load_duration?: number;
  prompt_eval_duration?: number;
  eval_duration?: number;
  logprobs?: OllamaLogprob[];
  /** A failure, before a stream (with an error status) or as a line of one. */
  error?: string;
}

export interface OllamaEmbedResponse {
  model?: string;
  embeddings?: number[][];
  prompt_eval_count?: number;
}
