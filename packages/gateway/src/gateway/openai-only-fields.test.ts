import { describe, expect, it } from 'vitest';
import { openaiOnlyFields, openaiOnlyWarnings } from './openai-only-fields.js';

describe('openaiOnlyFields', () => {
  it("forwards OpenAI's own fields as the adapter's options, the rest in its extraBody", () => {
    const forwarded = openaiOnlyFields({
      logit_bias: { '1734': 5 },
      store: true,
      metadata: { task: 'code', tags: 'a', run: '42' },
      safety_identifier: 'h-1',
      verbosity: 'high',
      prediction: { type: 'content', content: [{ type: 'text', text: 'draft' }] },
      web_search_options: { user_location: { type: 'approximate', approximate: {} } },
    });
    expect(forwarded).toEqual({
      options: {
        logitBias: { '1734': 5 },
        store: true,
        metadata: { run: '42' },
        safetyIdentifier: 'h-1',
        verbosity: 'high',
        extraBody: {
          prediction: { type: 'content', content: [{ type: 'text', text: 'draft' }] },
          web_search_options: { user_location: { type: 'approximate', approximate: {} } },
        },
      },
      fields: [
        'logit_bias',
        'store',
        'metadata',
        'safety_identifier',
        'verbosity',
        'prediction',
        'web_search_options',
      ],
    });
  });

  it('has nothing to forward for metadata llmux reads, store: false or nulls', () => {
    expect(
      openaiOnlyFields({ metadata: { task: 'code' }, store: false, logit_bias: null }),
    ).toEqual({ options: undefined, fields: [] });
  });

  it('names each field in a warning when another provider answers', () => {
    expect(openaiOnlyWarnings(['logit_bias', 'store'], 'openai')).toEqual([]);
    expect(openaiOnlyWarnings(['logit_bias'], 'anthropic')).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'logit_bias',
        details: 'only OpenAI models take it, and anthropic answered',
      },
    ]);
  });
});
