import { describe, expect, it } from 'vitest';
import { parseGeminiOptions } from './gemini-options.js';

describe('parseGeminiOptions', () => {
  it('passes known options through as config fields', () => {
    const parsed = parseGeminiOptions({
      gemini: {
        cachedContent: 'cachedContents/abc',
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        thinkingConfig: { thinkingBudget: 0 },
        presencePenalty: 0.5,
        labels: { team: 'sre' },
        useResponseSchema: true,
      },
      openai: { ignored: true },
    });
    expect(parsed).toEqual({
      config: {
        cachedContent: 'cachedContents/abc',
        safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        thinkingConfig: { thinkingBudget: 0 },
        presencePenalty: 0.5,
        labels: { team: 'sre' },
      },
      useResponseSchema: true,
      warnings: [],
    });
  });

  it('warns about an unknown option and goes on without it', () => {
    expect(parseGeminiOptions({ gemini: { topLogprobs: 3, constructor: 1 } }).warnings).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'providerOptions.gemini.topLogprobs',
        details: 'unknown option',
      },
      {
        type: 'unsupported-setting',
        setting: 'providerOptions.gemini.constructor',
        details: 'unknown option',
      },
    ]);
  });

  it('refuses a known option of the wrong type, naming it', () => {
    expect(() => parseGeminiOptions({ gemini: { cachedContent: 42 } })).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: 'Invalid option "providerOptions.gemini.cachedContent": expected a string, got 42',
      }),
    );
    expect(() =>
      parseGeminiOptions({ gemini: { thinkingConfig: { thinkingBudget: 'high' } } }),
    ).toThrow(/"providerOptions.gemini.thinkingConfig": expected an object of/);
    expect(() => parseGeminiOptions({ gemini: [] as never })).toThrow(
      'Invalid option "providerOptions.gemini": expected an object, got an array',
    );
  });

  it('is empty without options', () => {
    expect(parseGeminiOptions(undefined)).toEqual({
      config: {},
      useResponseSchema: false,
      warnings: [],
    });
  });
});
