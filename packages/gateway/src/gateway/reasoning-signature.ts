import type { ReasoningPart } from '@llmux/core';

/**
 * A thinking block's `signature` (or a redacted block's `data`) is Claude's proof of its thinking,
 * and only Claude can read it back. Reasoning another provider wrote travels as
 * `llmux:<provider>:<opaque>`, so when the client sends the block back it goes to the provider
 * that wrote it and no other (base64, Claude's alphabet, has no `:`).
 */
const PREFIX = /^llmux:([a-z0-9_-]+):/;

type Provenance = Pick<ReasoningPart, 'provider'> & { value?: string };

/** The opaque value a client sees for a part's signature or redacted data. */
export const encodeOpaque = (value: string | undefined, provider: string | undefined): string =>
  value === undefined || value === ''
    ? ''
    : provider === undefined || provider === 'anthropic'
      ? value
      : `llmux:${provider}:${value}`;

/** Who wrote an opaque value a client sent back, and the value itself (none when empty). */
export function decodeOpaque(opaque: string): Provenance {
  const match = PREFIX.exec(opaque);
  const provider = match ? match[1]! : 'anthropic';
  const value = match ? opaque.slice(match[0].length) : opaque;
  return value === '' ? { provider } : { provider, value };
}
