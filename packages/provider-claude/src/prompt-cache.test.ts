import type { PromptCacheHint } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { ContentBlockParam, TextBlockParam, ToolUnion } from './anthropic-types.js';
import { applyPromptCache } from './prompt-cache.js';

const prompt = (messages = ['first', 'second']) => {
  const tools: ToolUnion[] = [
    { name: 'a', input_schema: { type: 'object' } },
    { name: 'b', input_schema: { type: 'object' } },
  ];
  const system: TextBlockParam[] = [{ type: 'text', text: 'rules' }];
  const messageEnds: ContentBlockParam[] = messages.map((text) => ({ type: 'text', text }));
  return { tools, system, messageEnds };
};

const marked = (p: Parameters<typeof applyPromptCache>[1]) =>
  [...p.tools, ...p.system, ...p.messageEnds]
    .flatMap((block) => (block && 'cache_control' in block && block.cache_control ? [block] : []))
    .map((block) => ('name' in block ? block.name : 'text' in block ? block.text : '?'));

describe('applyPromptCache', () => {
  it.each([
    ['tools', ['b']],
    ['system', ['b', 'rules']],
    [{ messages: 0 }, ['b', 'rules']],
    [{ messages: 1 }, ['b', 'rules', 'first']],
    [{ messages: 2 }, ['b', 'rules', 'first', 'second']],
    [{ messages: 9 }, ['b', 'rules', 'first', 'second']],
  ] as Array<[PromptCacheHint['prefix'], string[]]>)(
    'puts the breakpoints for %j on %j',
    (prefix, expected) => {
      const p = prompt();
      expect(applyPromptCache({ prefix }, p)).toEqual([]);
      expect(marked(p)).toEqual(expected);
    },
  );

  it('never puts more than four: the prefix end, the tools and system ends, then the latest message ends', () => {
    const p = prompt(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    applyPromptCache({ prefix: { messages: 5 } }, p);
    expect(marked(p)).toEqual(['b', 'rules', 'm4', 'm5']);
    const bare = { ...prompt(['m1', 'm2', 'm3', 'm4', 'm5', 'm6']), tools: [], system: [] };
    applyPromptCache({ prefix: { messages: 6 } }, bare);
    expect(marked(bare)).toEqual(['m3', 'm4', 'm5', 'm6']);
  });

  it('uses the 1-hour lifetime on every breakpoint when asked', () => {
    const p = prompt();
    applyPromptCache({ prefix: 'system', ttl: '1h' }, p);
    expect(p.tools[1]).toMatchObject({ cache_control: { type: 'ephemeral', ttl: '1h' } });
    expect(p.system[0]).toMatchObject({ cache_control: { type: 'ephemeral', ttl: '1h' } });
  });

  it('falls back to an earlier part of the prefix, and warns when there is none', () => {
    const noSystem = { ...prompt(), system: [] };
    applyPromptCache({ prefix: 'system' }, noSystem);
    expect(marked(noSystem)).toEqual(['b']);
    const noMessages = { ...prompt(), messageEnds: [undefined] };
    applyPromptCache({ prefix: { messages: 1 } }, noMessages);
    expect(marked(noMessages)).toEqual(['b', 'rules']);
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
