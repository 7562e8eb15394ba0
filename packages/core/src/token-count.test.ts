import { describe, expect, it, vi } from 'vitest';
import type { GenerateRequest } from './request.js';
import { createTokenCounter, type Encoder } from './token-count.js';

/** One token per word, recording how it was asked to treat special tokens. */
const wordEncoder = () => {
  const calls: Array<[string[] | undefined, string[] | undefined]> = [];
  const encoder: Encoder = {
    encode(text, allowedSpecial, disallowedSpecial) {
      calls.push([allowedSpecial, disallowedSpecial]);
      return text
        .split(/\s+/)
        .filter(Boolean)
        .map((_, i) => i);
    },
  };
  return { encoder, calls };
};

describe('createTokenCounter', () => {
  it('loads its encoder on first use, once, even for calls at the same time', async () => {
    const { encoder } = wordEncoder();
    const load = vi.fn(async () => encoder);
    const counter = createTokenCounter({ name: 'words', load });
    expect(load).not.toHaveBeenCalled();
    const counts = await Promise.all([counter.countTokens('a b c'), counter.countTokens('a')]);
    expect(counts).toEqual([3, 1]);
    await counter.countRequestTokens({ messages: [{ role: 'user', content: 'hi' }] });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('counts special-token markers as plain text: no special token allowed nor refused', async () => {
    const { encoder, calls } = wordEncoder();
    const counter = createTokenCounter({ name: 'words', load: async () => encoder });
    expect(await counter.countTokens('<|endoftext|> now')).toBe(2);
    expect(calls).toEqual([[[], []]]);
  });

  it('counts a request with the same allowances for images and messages as the estimate', async () => {
    const { encoder } = wordEncoder();
    const counter = createTokenCounter({ name: 'words', load: async () => encoder });
    const request: GenerateRequest = {
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
          ],
        },
      ],
    };
    expect(await counter.countRequestTokens(request)).toBe(4 + 3 + 1_000 + 2 * 4);
  });

  it('rejects a non-string or a malformed request with an invalid_request', async () => {
    const { encoder } = wordEncoder();
    const counter = createTokenCounter({ name: 'words', load: async () => encoder });
    await expect(counter.countTokens(42 as unknown as string)).rejects.toMatchObject({
      kind: 'invalid_request',
    });
    await expect(counter.countRequestTokens({} as GenerateRequest)).rejects.toMatchObject({
      kind: 'invalid_request',
    });
  });

  it('wraps a failed load in a server_error naming the encoding, and tries again next call', async () => {
    const { encoder } = wordEncoder();
    const load = vi
      .fn<() => Promise<Encoder>>()
      .mockRejectedValueOnce(new Error('ENOENT'))
      .mockResolvedValue(encoder);
    const counter = createTokenCounter({ name: 'o200k_base', load });
    await expect(counter.countTokens('a b')).rejects.toMatchObject({
      kind: 'server_error',
      message: 'The o200k_base tokenizer could not be loaded',
      cause: expect.objectContaining({ message: 'ENOENT' }),
    });
    expect(await counter.countTokens('a b')).toBe(2);
    expect(await counter.countTokens('a b c')).toBe(3);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
