import { isObject } from '../simulator/is-object.js';
import type { SimRequest } from '../simulator/types.js';

/** An image part as sent: inline bytes (base64) or a URL. */
export interface WireImage {
  data?: string;
  url?: string;
  mediaType?: string;
}

/** A tool's result, in the provider's own tool-result structure (never plain user text). */
export interface WireToolResult {
  toolCallId?: string;
  toolName?: string;
  /** The result as the provider received it, as text (JSON for a structured result). */
  output: string;
}

/** One turn of the conversation as sent, the system prompt apart. */
export interface WireMessage {
  /** `tool` for a turn of tool results where the provider has one (OpenAI); else `user`. */
  role: 'user' | 'assistant' | 'tool';
  /** The text parts, in order. */
  text: string[];
  images: WireImage[];
  toolCalls: Array<{ id?: string; name: string; arguments: unknown }>;
  toolResults: WireToolResult[];
}

/**
 * What an adapter put on the wire, in provider-neutral terms: what the conformance suite checks a
 * request's settings against. A field is absent when the request did not carry it.
 */
export interface WireView {
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  maxOutputTokens?: number;
  stopSequences?: string[];
  /**
   * The system prompt where the provider takes one apart from the user's turns (a `system`
   * field, a system instruction, a `system` or `developer` message), its parts joined by `\n`.
   */
  system?: string;
  messages: WireMessage[];
  /** The tools offered, with their parameters' JSON Schema. */
  tools: Array<{ name: string; parameters?: unknown }>;
  toolChoice?: 'auto' | 'none' | 'required' | { toolName: string };
  /** The provider's JSON output mode, with the schema where one was sent. */
  responseFormat?: { type: 'json'; schema?: unknown };
}

/** Reads one provider's request body (as the simulator received it) into a `WireView`. */
export type WireReader = (request: SimRequest) => WireView;

/** `data:image/png;base64,AAAA` as its media type and data; any other URL as a URL. */
export const imageFromUrl = (url: string): WireImage => {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1], data: match[2] } : { url };
};

/** A message with nothing in it yet. */
export const emptyMessage = (role: WireMessage['role']): WireMessage => ({
  role,
  text: [],
  images: [],
  toolCalls: [],
  toolResults: [],
});

/** A message's content as its parts: a string is one text part, an array its object parts. */
export const contentParts = (content: unknown): Array<Record<string, unknown>> =>
  typeof content === 'string'
    ? [{ type: 'text', text: content }]
    : Array.isArray(content)
      ? content.filter(isObject)
      : [];

/** The text of a content's text parts, joined by `separator`. */
export const contentText = (content: unknown, separator = ''): string =>
  contentParts(content)
    .filter((part) => part.type === 'text')
    .map((part) => String(part.text))
    .join(separator);

/** Text as is; anything else as JSON. */
export const asText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

/** Only the fields that are defined: a view states what was sent, not what was not. */
export const definedOnly = <T extends object>(fields: T): T =>
  Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as T;
