import { describe, expect, it } from 'vitest';
import { defaultCatalog } from './default-catalog.js';
import { defaultModels, PRICES_AS_OF } from './default-models.js';
import type { ModelInfo, RateTier, TokenRates } from './model-catalog.js';
import type { Usage } from './usage.js';

const rateKeys = ['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h'] as const;
const keyed = (info: ModelInfo) => [`${info.provider}:${info.model}`, info] as const;
/** Models run locally (Ollama's) cost nothing and are checked apart from the billed ones. */
const isLocal = (info: ModelInfo) => info.provider === 'ollama';
const billed = defaultModels.filter((info) => !isLocal(info));
/** Language models; embedding models bill input only and are checked apart. */
const rows = billed.filter((info) => !info.embedding).map(keyed);
const embeddingRows = billed.filter((info) => info.embedding).map(keyed);
const localRows = defaultModels.filter(isLocal).map(keyed);

/**
 * The rates a row must give: input, output and cache reads, and cache writes where the provider
 * bills them apart from input (Anthropic's 5-minute and 1-hour writes, the 30-minute writes of
 * OpenAI's GPT-6 family; Gemini and older OpenAI models bill them as input).
 */
const requiredRates = (info: ModelInfo): Array<keyof TokenRates> => {
  const rates: Array<keyof TokenRates> = ['input', 'output', 'cacheRead'];
  if (info.provider === 'anthropic') return [...rates, 'cacheWrite', 'cacheWrite1h'];
  if (info.provider === 'openai' && info.model.startsWith('gpt-6')) return [...rates, 'cacheWrite'];
  return rates;
};

/** Every rate a row lacks, by path (`cacheRead`, `batch.cacheWrite`, `longContext.batch`). */
function missingRates(info: ModelInfo): string[] {
  const required = requiredRates(info);
  const missing: string[] = [];
  const tiers: Array<[RateTier | undefined, string]> = [
    [info.pricing, ''],
    [info.pricing.longContext, 'longContext.'],
  ];
  for (const [tier, at] of tiers) {
    if (!tier) continue;
    for (const key of required) if (tier[key] === undefined) missing.push(`${at}${key}`);
    if (!tier.batch) missing.push(`${at}batch`);
    else
      for (const key of required)
        if (tier.batch[key] === undefined) missing.push(`${at}batch.${key}`);
  }
  return missing;
}

/** Each tier of a row's prices, its batch rates included. */
const allRates = (info: ModelInfo): TokenRates[] =>
  [info.pricing, info.pricing.longContext]
    .filter((tier) => tier !== undefined)
    .flatMap((tier) => (tier.batch ? [tier, tier.batch] : [tier]));

/**
 * The bill for a call, written out from the rates the way the price pages describe it: every
 * uncached input token at the input rate, cache hits, 5-minute and 1-hour writes at theirs (or
 * at the input / 5-minute rate where a provider lists none), output at the output rate.
 */
const bill = (
  rates: TokenRates,
  t: { uncached: number; read: number; write5m: number; write1h: number; output: number },
) => {
  const write5m = rates.cacheWrite ?? rates.input;
  return (
    (t.uncached * rates.input +
      t.read * (rates.cacheRead ?? rates.input) +
      t.write5m * write5m +
      t.write1h * (rates.cacheWrite1h ?? write5m) +
      t.output * rates.output) /
    1_000_000
  );
};

/** A call whose input totals `input` tokens, 40% from the cache and 20% written to it. */
const callOf = (input: number) => {
  const read = input * 0.4;
  const write1h = input * 0.05;
  const write5m = input * 0.15;
  const usage: Usage = {
    inputTokens: input,
    outputTokens: 3_000,
    cacheReadTokens: read,
    cacheWriteTokens: write5m + write1h,
    cacheWrite1hTokens: write1h,
    reasoningTokens: 1_000,
  };
  const tokens = { uncached: input * 0.4, read, write5m, write1h, output: 3_000 };
  return { usage, tokens };
};

describe('defaultModels', () => {
  it('has one row per provider and model, dated', () => {
    const all = defaultModels.map(keyed);
    expect(new Set(all.map(([key]) => key)).size).toBe(all.length);
    expect(PRICES_AS_OF).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const provider of ['anthropic', 'openai', 'gemini']) {
      expect(defaultModels.some((info) => info.provider === provider)).toBe(true);
    }
  });

  it.each(rows)('%s has every rate its provider charges', (key, info: ModelInfo) => {
    expect(missingRates(info), `${key} lacks these rates`).toEqual([]);
  });

  it('names the row and every rate a row lacks', () => {
    const bare: ModelInfo = {
      ...defaultModels.find((info) => info.provider === 'anthropic')!,
      pricing: {
        input: 1,
        output: 5,
        cacheRead: 0.1,
        cacheWrite: 1.25,
        batch: { input: 0.5, output: 2.5, cacheWrite: 0.625 },
        longContext: { thresholdTokens: 1, input: 2, output: 10 },
      },
    };
    expect(missingRates(bare)).toEqual([
      'cacheWrite1h',
      'batch.cacheRead',
      'batch.cacheWrite1h',
      'longContext.cacheRead',
      'longContext.cacheWrite',
      'longContext.cacheWrite1h',
      'longContext.batch',
    ]);
  });

  it.each(rows)('%s bills batch calls at half of every standard rate', (_key, info: ModelInfo) => {
    // All three providers publish batch processing as 50% off every token rate.
    for (const tier of [info.pricing, info.pricing.longContext].filter((t) => t !== undefined)) {
      for (const key of rateKeys) {
        const rate = tier[key];
        if (rate !== undefined) expect(tier.batch?.[key]).toBeCloseTo(rate / 2, 12);
      }
    }
  });

  it.each(rows)('%s has consistent limits and rates', (_key, info: ModelInfo) => {
    const { pricing } = info;
    expect(info.maxOutputTokens).toBeLessThanOrEqual(info.contextWindow);
    if (pricing.cacheStoragePerHour !== undefined) {
      expect(info.provider).toBe('gemini');
      expect(pricing.cacheStoragePerHour).toBeGreaterThan(0);
    }
    for (const rates of allRates(info)) {
      for (const key of rateKeys) {
        if (rates[key] !== undefined) expect(rates[key]).toBeGreaterThan(0);
      }
      expect(rates.output).toBeGreaterThan(rates.input);
      if (rates.cacheRead !== undefined) expect(rates.cacheRead).toBeLessThan(rates.input);
      if (rates.cacheWrite !== undefined) expect(rates.cacheWrite).toBeGreaterThan(rates.input);
    }
    if (info.provider === 'anthropic') {
      // Anthropic's published multipliers: a typo in the table would break one of them.
      for (const rates of allRates(info)) {
        expect(rates.cacheWrite).toBeCloseTo(rates.input * 1.25, 12);
        expect(rates.cacheWrite1h).toBeCloseTo(rates.input * 2, 12);
      }
    }
    const long = pricing.longContext;
    if (long) {
      expect(long.thresholdTokens).toBeLessThan(info.contextWindow + 1);
      expect(long.input).toBeGreaterThan(pricing.input);
      expect(long.output).toBeGreaterThan(pricing.output);
    }
  });

  it.each(rows)('prices a %s call exactly', (_key, info: ModelInfo) => {
    const { pricing, provider, model } = info;
    const threshold = pricing.longContext?.thresholdTokens ?? info.contextWindow;
    const short = callOf(Math.min(100_000, threshold));
    expect(defaultCatalog.costOf(short.usage, provider, model)).toBeCloseTo(
      bill(pricing, short.tokens),
      12,
    );
    expect(defaultCatalog.costOf(short.usage, provider, model, { batch: true })).toBeCloseTo(
      bill(pricing.batch!, short.tokens),
      12,
    );
    // One whole million of a kind costs exactly the listed rate.
    const million = { inputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
    const outputOnly = { ...million, outputTokens: 1_000_000 };
    expect(defaultCatalog.costOf(outputOnly, provider, model)).toBe(pricing.output);
  });

  const longRows = rows.filter(([, info]) => info.pricing.longContext !== undefined);

  it.each(longRows)('prices a %s call over its long-context threshold exactly', (_key, info) => {
    const long = info.pricing.longContext!;
    const atThreshold = callOf(long.thresholdTokens);
    const over = callOf(long.thresholdTokens + 10_000);
    const cost = (usage: Usage) => defaultCatalog.costOf(usage, info.provider, info.model);
    expect(cost(atThreshold.usage)).toBeCloseTo(bill(info.pricing, atThreshold.tokens), 12);
    expect(cost(over.usage)).toBeCloseTo(bill(long, over.tokens), 12);
    const batchCost = defaultCatalog.costOf(over.usage, info.provider, info.model, { batch: true });
    expect(batchCost).toBeCloseTo(bill(long.batch!, over.tokens), 12);
  });

  it('matches the price pages on a few worked examples', () => {
    const usage = (u: Partial<Usage>): Usage => ({
      inputTokens: 0,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
      ...u,
    });
    const cost = (provider: string, model: string, u: Partial<Usage>) =>
      defaultCatalog.costOf(usage(u), provider, model);
    // Opus 5.5: 1M in at $4 + 200K out at $20.
    expect(cost('anthropic', 'claude-opus-5-5', { inputTokens: 1e6, outputTokens: 2e5 })).toBe(8);
    // The batch page's example: Opus 5.5, 5,000 in and 800 out, $0.036, or $0.018 in a batch.
    const example = usage({ inputTokens: 5_000, outputTokens: 800 });
    expect(defaultCatalog.costOf(example, 'anthropic', 'claude-opus-5-5')).toBeCloseTo(0.036, 12);
    const batched = defaultCatalog.costOf(example, 'anthropic', 'claude-opus-5-5', { batch: true });
    expect(batched).toBeCloseTo(0.018, 12);
    // Haiku 5.5 over 100K: every token at the higher tier, output included.
    expect(
      cost('anthropic', 'claude-haiku-5-5', { inputTokens: 200_000, outputTokens: 100_000 }),
    ).toBeCloseTo(0.1 + 0.25, 12);
    // Sonnet 4.5 at its 200K threshold: 1h writes at $6, 5m writes at $3.75.
    expect(
      cost('anthropic', 'claude-sonnet-4-5', {
        inputTokens: 200_000,
        cacheWriteTokens: 200_000,
        cacheWrite1hTokens: 100_000,
      }),
    ).toBeCloseTo(0.375 + 0.6, 12);
    // GPT-6.2 Sol over 272K: $4 in, $0.20 cached, $15 out for the whole request.
    expect(
      cost('openai', 'gpt-6.2-sol', {
        inputTokens: 300_000,
        cacheReadTokens: 100_000,
        outputTokens: 10_000,
      }),
    ).toBeCloseTo(0.8 + 0.02 + 0.15, 12);
    // Gemini 2.5 Pro over 200K: $2.50 in, $15 out.
    expect(
      cost('gemini', 'gemini-2.5-pro', { inputTokens: 400_000, outputTokens: 20_000 }),
    ).toBeCloseTo(1 + 0.3, 12);
  });

  it('has embedding models of OpenAI and Gemini', () => {
    expect(embeddingRows.map(([key]) => key)).toEqual(
      expect.arrayContaining(['openai:text-embedding-3-small', 'gemini:gemini-embedding-001']),
    );
  });

  it.each(embeddingRows)('%s bills input only, batch at half', (_key, info: ModelInfo) => {
    const { pricing, provider, model } = info;
    expect(info.embedding!.dimensions).toBeGreaterThan(0);
    expect(info.maxOutputTokens).toBe(0);
    expect(pricing.input).toBeGreaterThan(0);
    expect(pricing.output).toBe(0);
    expect(pricing.batch).toEqual({ input: pricing.input / 2, output: 0 });
    const million: Usage = {
      inputTokens: 1_000_000,
      outputTokens: 0,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    expect(defaultCatalog.costOf(million, provider, model)).toBe(pricing.input);
  });

  it('has local Ollama models, language and embedding ones', () => {
    expect(localRows.map(([key]) => key)).toEqual(
      expect.arrayContaining(['ollama:llama3.2', 'ollama:nomic-embed-text']),
    );
  });

  it.each(localRows)('%s is free and has no batch rates', (_key, info: ModelInfo) => {
    expect(info.pricing).toEqual({ input: 0, output: 0 });
    expect(info.maxOutputTokens).toBeLessThanOrEqual(info.contextWindow);
    const { usage } = callOf(10_000);
    expect(defaultCatalog.costOf(usage, info.provider, info.model)).toBe(0);
  });
});
