/**
 * Approximate vs exact token counting. Run from packages/tokenizer-tiktoken: `pnpm exec vitest bench --run`.
 */
import { readFileSync } from 'node:fs';
import { approximateTokens as importedApproximateTokens } from '@llmux/core';
import { test } from 'vitest';
import { countTokens } from '../src/o200k-base.js';

// Bound once: the module runner's export getters would otherwise dominate a 60 ns call.
const approximateTokens = importedApproximateTokens;

const samples = [
  [
    'English (core README.md)',
    readFileSync(new URL('../../core/README.md', import.meta.url), 'utf8'),
  ],
  [
    'code (core observe.ts)',
    readFileSync(new URL('../../core/src/observe.ts', import.meta.url), 'utf8'),
  ],
] as const;

test('o200k_base loads once, on first use', async () => {
  const started = performance.now();
  await countTokens('');
  const rows = [];
  for (const [text, sample] of samples) {
    const exact = await countTokens(sample);
    const approximate = approximateTokens(sample);
    rows.push({ text, chars: sample.length, exact, approximate, ratio: approximate / exact });
  }
  console.log(`first load: ${(performance.now() - started).toFixed(0)} ms`);
  console.table(rows);
});

for (const [text, sample] of samples) {
  test(`count ${text}`, async ({ bench }) => {
    await countTokens('');
    await bench.compare(
      bench('approximateTokens', () => {
        approximateTokens(sample);
      }),
      bench('countTokens (o200k_base)', async () => {
        await countTokens(sample);
      }),
    );
  });
}
