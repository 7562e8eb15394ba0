import { createHash } from 'node:crypto';

/**
 * The signature the simulator puts on thinking (Claude's `signature`, Gemini's
 * `thoughtSignature`): opaque base64 derived from what it signs, so a signature sent back can be
 * checked against the content it came with, as the real APIs check theirs.
 */
export function simSignature(signed: string): string {
  const digest = createHash('sha256').update(`llmux-sim:${signed}`).digest();
  return Buffer.concat([digest, digest, digest, digest]).toString('base64');
}
