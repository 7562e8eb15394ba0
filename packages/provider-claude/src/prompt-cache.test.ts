import type { PromptCacheHint } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { ContentBlockParam, TextBlockParam, ToolUnion } from './anthropic-types.js';
import { applyPromptCache } from './prompt-cache.js';

const prompt = () => {
  const tools: ToolUnion[] = [
    { name: 'a', input_schema: { type: 'object' } },
    { name: 'b', input_schema: { type: 'object' } },
  ];
  const system: TextBlockParam[] = [{ type: 'text', text: 'rules' }];
  const messageEnds: ContentBlockParam[] = [
    { type: 'text', text: 'first' },
    { type: 'text', text: 'second' },
  ];
  return { tools, system, messageEnds };
};

const marked = (p: ReturnType<typeof prompt>) =>
  [...p.tools, ...p.system, ...p.messageEnds]
    .filter((block) => 'cache_control' in block && block.cache_control)
    .map((block) => ('name' in block ? block.name : 'text' in block ? block.text : '?'));

describe('applyPromptCache', () => {
  it.each([
    ['tools', ['b']],
    ['system', ['rules']],
    [{ messages: 1 }, ['first']],
    [{ messages: 2 }, ['second']],
    [{ messages: 9 }, ['second']],
    [{ messages: 0 }, ['rules']],
  ] as Array<[PromptCacheHint['prefix'], string[]]>)(
    'puts one breakpoint for %j on %j',
    (prefix, expected) => {
      const p = prompt();
      expect(applyPromptCache({ prefix }, p)).toEqual([]);
      expect(marked(p)).toEqual(expected);
    },
  );

  it('uses the 1-hour lifetime when asked', () => {
    const p = prompt();
    applyPromptCache({ prefix: 'system', ttl: '1h' }, p);
    expect(p.system[0]).toMatchObject({ cache_control: { type: 'ephemeral', ttl: '1h' } });
  });

  it('falls back to an earlier part of the prefix, and warns when there is none', () => {
    const noSystem = { ...prompt(), system: [] };
    applyPromptCache({ prefix: 'system' }, noSystem);
    expect(marked(noSystem)).toEqual(['b']);
    expect(
      applyPromptCache({ prefix: 'tools' }, { tools: [], system: [], messageEnds: [] }),
    ).toEqual([
      {
        type: 'unsupported-setting',
        setting: 'promptCache',
        details: 'the request has no prefix to cache',
      },
    ]);
  });

  it('does nothing without a hint', () => {
    const p = prompt();
    expect(applyPromptCache(undefined, p)).toEqual([]);
    expect(marked(p)).toEqual([]);
  });
});
