import { encodeSseFrame } from './sse.js';
import type { StreamFrame } from './types.js';

/**
 * How a provider frames a streamed answer on the wire. A dialect declares one (`framing`); the
 * engine writes `open`, each frame encoded in order, then `close` when the stream ends (after an
 * in-stream error frame too, not after a cut). Write your own for a framing not built in: a JSON
 * array (`[`, frames joined by `,`, `]`), AWS event-stream (binary frames), and so on.
 */
export interface StreamFraming {
  /** The `content-type` of a streamed answer. */
  contentType: string;
  /** One frame as it goes on the wire; `index` counts the frames written before it. */
  encode(frame: StreamFrame, index: number): string | Uint8Array;
  /** Written before the first frame. */
  open?: string | Uint8Array;
  /** Written after the last frame. */
  close?: string | Uint8Array;
}

/** Server-sent events (Anthropic, OpenAI, Gemini): `event:` and `data:` lines, a blank line. */
export const sseFraming: StreamFraming = {
  contentType: 'text/event-stream; charset=utf-8',
  encode: encodeSseFrame,
};

/** Newline-delimited JSON (Ollama): each frame's `data` on a line of its own. */
export const ndjsonFraming: StreamFraming = {
  contentType: 'application/x-ndjson',
  encode: (frame) => `${frame.data}\n`,
};
