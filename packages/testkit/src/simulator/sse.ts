import type { StreamFrame } from './types.js';

/** One server-sent event on the wire: optional `event:` line, `data:` line, blank line. */
export const encodeSseFrame = (frame: StreamFrame): string =>
  `${frame.event ? `event: ${frame.event}\n` : ''}data: ${frame.data}\n\n`;

/**
 * Splits text into pieces of `size` characters, never inside a surrogate pair (at least one
 * piece, even for empty text). Dialects use it with `ResolvedReply.chunkSize`.
 */
export function chunkText(text: string, size = 8): string[] {
  const characters = Array.from(text);
  if (characters.length === 0) return [''];
  const chunks: string[] = [];
  for (let i = 0; i < characters.length; i += size) {
    chunks.push(characters.slice(i, i + size).join(''));
  }
  return chunks;
}
