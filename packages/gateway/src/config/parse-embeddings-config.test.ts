import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse-config.js';
import { defaultEmbeddingGroups } from './parse-embeddings-config.js';

const minimal = { router: { preset: 'incident-response' } };

const problemsOf = (embeddings: unknown): string => {
  try {
    parseConfig({ ...minimal, embeddings }, {}, 'test.json');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('the embeddings section', () => {
  it('is absent unless given; given empty, it serves the default group at 768', () => {
    expect(parseConfig(minimal, {}).embeddings).toBeUndefined();
    expect(parseConfig({ ...minimal, embeddings: {} }, {}).embeddings).toEqual({
      default: 'default',
      groups: defaultEmbeddingGroups,
    });
  });

  it('reads groups, their sizes, and the default group (the first unless named)', () => {
    const groups = {
      small: { candidates: ['openai/text-embedding-3-small'], dimensions: 512 },
      large: { candidates: ['gemini/gemini-embedding-001'] },
    };
    expect(parseConfig({ ...minimal, embeddings: { groups } }, {}).embeddings).toEqual({
      default: 'small',
      groups,
    });
    expect(
      parseConfig({ ...minimal, embeddings: { groups, default: 'large' } }, {}).embeddings?.default,
    ).toBe('large');
  });

  it('names every bad field', () => {
    const message = problemsOf({
      default: 'missing',
      groups: {
        auto: { candidates: ['openai/text-embedding-3-small'] },
        'a/b': { candidates: ['openai/text-embedding-3-small'] },
        g: {
          candidates: [
            'anthropic/claude-embed',
            'openai',
            'mistral/embed',
            'openai/text-embedding-3-small',
            'openai/text-embedding-3-small',
          ],
          dimensions: 0,
          size: 3,
        },
        empty: { candidates: [] },
      },
    });
    for (const problem of [
      'embeddings.groups.auto: is not a group name',
      'embeddings.groups.a/b: is not a group name',
      'embeddings.groups.g.size: is not a known field',
      'embeddings.groups.g.dimensions: must be an integer >= 1, got 0',
      'embeddings.groups.g.candidates[0]: names anthropic, which has no embeddings API',
      'embeddings.groups.g.candidates[1]: must be "provider/model"',
      'embeddings.groups.g.candidates[2]: names provider "mistral"',
      'embeddings.groups.g.candidates[4]: "openai/text-embedding-3-small" is listed twice',
      'embeddings.groups.empty.candidates: must be a non-empty list',
      'embeddings.default: must name a group (g, empty)',
    ]) {
      expect(message).toContain(problem);
    }
  });
});
