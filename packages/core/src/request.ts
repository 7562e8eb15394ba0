/** A JSON Schema object, passed through to the provider as is. */
export type JsonSchema = Record<string, unknown>;

export interface TextPart {
  type: 'text';
  text: string;
}

export type ImageSource =
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'url'; url: string; mediaType?: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** How closely to look (OpenAI `detail`); providers without the setting warn. */
  detail?: 'auto' | 'low' | 'high';
}

/**
 * What a reasoning model thought before it answered, where the provider shows it (Claude's
 * thinking blocks, Gemini's thought summaries). `signature` (Claude) or `redactedData` (Claude's
 * redacted thinking) must travel back unchanged in the next turn of a tool conversation; a
 * provider that did not write the part ignores it when it is sent back.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  redactedData?: string;
  /** The provider that wrote the part: only it can read a signature. */
  provider?: string;
}

export interface ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** Parsed JSON arguments, usually an object. */
  arguments: unknown;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** Gemini matches results to calls by name, so the name travels with the result. */
  toolName: string;
  /** The tool's output: text, or any JSON value (serialised for providers that take text). */
  result: unknown;
  isError?: boolean;
}

export interface SystemMessage {
  role: 'system';
  content: string;
}

export interface UserMessage {
  role: 'user';
  content: string | Array<TextPart | ImagePart>;
}

export interface AssistantMessage {
  role: 'assistant';
  content: string | Array<TextPart | ToolCallPart | ReasoningPart>;
}

export interface ToolMessage {
  role: 'tool';
  content: ToolResultPart[];
}

export type Message = SystemMessage | UserMessage | AssistantMessage | ToolMessage;
export type Role = Message['role'];

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema;
}

export type ToolChoice = 'auto' | 'none' | 'required' | { type: 'tool'; toolName: string };

export type ResponseFormat =
  | { type: 'text' }
  | {
      type: 'json';
      schema?: JsonSchema;
      name?: string;
      description?: string;
      /** Enforce the schema exactly (OpenAI `strict: true`); providers that cannot, warn. */
      strict?: boolean;
    };

/**
 * How hard a reasoning model should think: an `effort` (OpenAI `reasoning_effort`) or a token
 * `budgetTokens` (Claude `thinking.budget_tokens`, Gemini `thinkingBudget`). Each provider maps
 * the one it has from the other; a model that does not reason warns.
 */
export interface ReasoningOptions {
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high';
  budgetTokens?: number;
}

/** Well-known task types; any other string is allowed too. */
export type TaskType =
  | 'code'
  | 'reasoning'
  | 'summarization'
  | 'classification'
  | 'extraction'
  | 'chat'
  | (string & {});

/**
 * What routing, quotas and the request record use. Only `user` reaches a provider, where it takes
 * an end-user id for abuse detection (Anthropic `metadata.user_id`, OpenAI `safety_identifier`).
 */
export interface RequestMetadata {
  task?: TaskType;
  tags?: string[];
  /** The tenant or API key the request is billed to; namespaces quotas and the cache. */
  tenant?: string;
  /**
   * The id of the gateway API key the request came with (never the key itself): quotas count
   * the key's own limits under it (`@llmux/ratelimit`'s `keyLimits`).
   */
  keyId?: string;
  /** An opaque id of the end user: never a name or an email. */
  user?: string;
  /** Set by the outermost layer (see `observe`) when absent. */
  requestId?: string;
  /**
   * Whether someone waits for the answer. `'batch'` says the request can wait: `@llmux/batch` may
   * collect it into a provider's batch job, at batch prices (about half), answered within the
   * provider's batch window or by `deadlineAt`. Default `'interactive'`: sent at once.
   */
  priority?: 'interactive' | 'batch';
}

/** Per-request controls for the response cache (`@llmux/cache`). */
export interface CacheControl {
  /** Do not read from the cache (the answer may still be stored). */
  skipLookup?: boolean;
  /** Do not store this answer. */
  noStore?: boolean;
  ttlMs?: number;
  /** Cache even though the request is not deterministic (temperature above 0). */
  force?: boolean;
}

/**
 * Marks a long, stable prefix as worth provider-side prompt caching. The prefix is, in order,
 * the tools, the system prompt and the first messages: `'tools'` caches the tools, `'system'`
 * the tools and system prompt, `{ messages: n }` those and the first n messages.
 */
export interface PromptCacheHint {
  prefix: 'tools' | 'system' | { messages: number };
  /** Routes requests that share a prefix to the same cache (OpenAI `prompt_cache_key`). */
  key?: string;
  /** Anthropic's cache lifetime. */
  ttl?: '5m' | '1h';
}

/** Provider-specific settings, namespaced by provider: `{ anthropic: { ... } }`. */
export type ProviderOptions = Record<string, Record<string, unknown>>;

/**
 * Lets a layer above learn when a layer below held the call back before it went to the provider
 * (a rate limiter's line): that time is not the provider's, so failover's attempt timer stops
 * while the call waits and starts afresh once it is admitted.
 */
export interface AdmissionHooks {
  /** The call has to wait for room. */
  waiting(): void;
  /** The call may go on now. */
  admitted(): void;
}

/** The router's decision, passed down to the layer that executes it (failover). */
export interface RoutePlan {
  /** Why this plan, in words: ends up on the response and in the request record. */
  reason: string;
  /** Candidates in the order to try them, each with its own reason. */
  candidates: Array<{ provider: string; model: string; deployment?: string; reason: string }>;
}

export interface GenerateRequest {
  messages: Message[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  frequencyPenalty?: number;
  presencePenalty?: number;
  responseFormat?: ResponseFormat;
  reasoning?: ReasoningOptions;
  /** Whether the model may call several tools in one turn (default: the provider's, usually yes). */
  parallelToolCalls?: boolean;
  /** Return the log probability of each output token, and of `top` alternatives to each. */
  logprobs?: { top?: number };
  /** The provider's processing tier (OpenAI `service_tier`, Anthropic `service_tier`). */
  serviceTier?: 'auto' | 'default' | 'flex' | 'priority';
  signal?: AbortSignal;
  /**
   * When the whole request must be done, epoch ms on the layers' clock: set by the outermost
   * layer (the gateway), honoured by every layer below (cache lookup, planning, limiter wait,
   * every attempt and backoff). The `signal` should abort at it too.
   */
  deadlineAt?: number;
  /** Set by failover for the layers below it; see `AdmissionHooks`. */
  admission?: AdmissionHooks;
  metadata?: RequestMetadata;
  cache?: CacheControl;
  promptCache?: PromptCacheHint;
  providerOptions?: ProviderOptions;
  /** Set by the router; failover tries these candidates in order. */
  route?: RoutePlan;
}
