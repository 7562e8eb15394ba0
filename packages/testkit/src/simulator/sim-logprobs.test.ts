import { describe, expect, it } from 'vitest';
import { simLogprobs } from './sim-logprobs.js';
import { simSignature } from './sim-signature.js';

describe('simulated logprobs and signatures', () => {
  it('cuts text into tokens with stable log probabilities and ranked alternatives', () => {
    const tokens = simLogprobs('Echo: disk full', 2);
    expect(tokens.map((t) => t.token).join('')).toBe('Echo: disk full');
    expect(tokens).toHaveLength(4);
    for (const token of tokens) {
      expect(token.logprob).toBeLessThanOrEqual(0);
      expect(token.logprob).toBeGreaterThan(-2);
      expect(token.top).toEqual([
        { token: token.token, logprob: token.logprob },
        { token: expect.stringMatching(/~1$/), logprob: token.logprob - 1 },
      ]);
    }
    expect(simLogprobs('Echo: disk full', 2)).toEqual(tokens);
    expect(simLogprobs('abcd', 0)[0]?.top).toEqual([]);
  });

  it('signs content so that a signature only fits what it came with', () => {
    expect(simSignature('thought')).toBe(simSignature('thought'));
    expect(simSignature('thought')).not.toBe(simSignature('thought!'));
    expect(simSignature('thought')).toMatch(/^[A-Za-z0-9+/]{100,}={0,2}$/);
  });
});
