import { createHash } from 'node:crypto';

/** Characters per simulated token, as `approximateTokens` counts. */
const CHARS_PER_TOKEN = 4;

export interface SimTokenLogprob {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

/** A deterministic log probability in (-2, 0) for a token at a position. */
const logprobOf = (token: string, position: number): number => {
  const byte = createHash('sha256').update(`${position}:${token}`).digest()[0] ?? 0;
  return -Math.round((byte / 255) * 2_000_000) / 1_000_000;
};

/**
 * Text as simulated tokens of four characters, each with a log probability derived from the
 * token, and `top` alternatives (the token itself first, then variants less likely than it):
 * the same text always gets the same numbers.
 */
export function simLogprobs(text: string, top: number): SimTokenLogprob[] {
  const characters = Array.from(text);
  const tokens: SimTokenLogprob[] = [];
  for (let i = 0; i < characters.length; i += CHARS_PER_TOKEN) {
    const token = characters.slice(i, i + CHARS_PER_TOKEN).join('');
    const logprob = logprobOf(token, i);
    tokens.push({
      token,
      logprob,
      top: Array.from({ length: top }, (_, rank) =>
        rank === 0
          ? { token, logprob }
          : { token: `${token.trimEnd()}~${rank}`, logprob: logprob - rank },
      ),
    });
  }
  return tokens;
}
