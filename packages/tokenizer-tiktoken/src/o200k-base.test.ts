import { approximateTokens, estimateInputTokens, type GenerateRequest } from '@llmux/core';
import { describe, expect, it, vi } from 'vitest';

const loads = vi.hoisted(() => ({ ranks: 0 }));

// Counts how often the 2 MB rank table is imported, passing the real module through.
vi.mock('js-tiktoken/ranks/o200k_base', async (importOriginal) => {
  loads.ranks++;
  return importOriginal();
});

const english = `The router looks at a request, at provider health, at rate-limit headroom and at
budget spend, and produces an ordered plan of candidates, with the reason for each choice.
Failover executes a plan: retries with backoff and jitter, honours retry-after, opens a circuit
on a failing provider, moves on to the next candidate, and gives up with one typed error.`;

const code = `export function createMemorySpendLedger(options: MemorySpendLedgerOptions = {}) {
  const { clock = systemClock, dailyBudgetUsd, monthlyBudgetUsd } = options;
  const totals = new Map<string, number>();
  return {
    async add(usd: number, tenant?: string) {
      for (const period of [dayOf(clock.now()), monthOf(clock.now())]) {
        totals.set(\`\${tenant ?? '*'}|\${period}\`, (totals.get(period) ?? 0) + usd);
      }
    },
  };
}`;

describe('countTokens', () => {
  it('does not load the tokenizer until first used, then loads it once', async () => {
    vi.resetModules();
    loads.ranks = 0;
    const { countTokens, countRequestTokens } = await import('./o200k-base.js');
    expect(loads.ranks).toBe(0);
    const [a, b] = await Promise.all([countTokens('hello world'), countTokens('hello')]);
    expect([a, b]).toEqual([2, 1]);
    await countRequestTokens({ messages: [{ role: 'user', content: 'hi' }] });
    expect(loads.ranks).toBe(1);
  });

  it.each([
    ['', 0],
    ['hello world', 2],
    ['Hello, world!', 4],
    ['The quick brown fox jumps over the lazy dog.', 10],
    ['function add(a, b) {\n  return a + b;\n}', 14],
    ['日本語のテキスト', 6],
  ])('counts %j as %i o200k_base tokens', async (text, tokens) => {
    const { countTokens } = await import('./o200k-base.js');
    expect(await countTokens(text)).toBe(tokens);
  });

  it('counts special-token markers in user text as plain text instead of throwing', async () => {
    const { countTokens } = await import('./o200k-base.js');
    expect(await countTokens('<|endoftext|>')).toBeGreaterThan(1);
  });

  it('stays within a sane factor of the approximate count on English and code', async () => {
    const { countTokens } = await import('./o200k-base.js');
    for (const text of [english, code]) {
      const ratio = approximateTokens(text) / (await countTokens(text));
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.5);
    }
  });
});

describe('countRequestTokens', () => {
  it('counts texts exactly with the same allowances as the estimate', async () => {
    const { countRequestTokens, countTokens } = await import('./o200k-base.js');
    const request: GenerateRequest = {
      messages: [
        { role: 'system', content: 'Answer in one word.' },
        { role: 'user', content: english },
      ],
    };
    const texts = (await countTokens('Answer in one word.')) + (await countTokens(english));
    expect(await countRequestTokens(request)).toBe(texts + 2 * 4);
    const estimate = estimateInputTokens(request);
    expect(Math.abs(estimate - (await countRequestTokens(request))) / estimate).toBeLessThan(0.3);
  });
});
