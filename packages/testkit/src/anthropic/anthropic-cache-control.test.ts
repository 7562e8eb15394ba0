import { describe, expect, it } from 'vitest';
import { promptBlocks } from './anthropic-cache-control.js';

const ephemeral = (ttl?: string) => ({ type: 'ephemeral', ...(ttl ? { ttl } : {}) });
const text = (value: string, cache?: unknown) => ({
  type: 'text',
  text: value,
  ...(cache ? { cache_control: cache } : {}),
});

describe('promptBlocks', () => {
  it('lists tools, system and message blocks in cache order, with their breakpoints', () => {
    const blocks = promptBlocks({
      tools: [{ name: 't', input_schema: {}, cache_control: ephemeral('1h') }],
      system: 'rules',
      messages: [
        { role: 'user', content: [text('a'), text('b', ephemeral())] },
        { role: 'assistant', content: 'c' },
      ],
    });
    expect(blocks.map(({ path, ttl }) => [path, ttl])).toEqual([
      ['tools.0', '1h'],
      ['system.0', undefined],
      ['messages.0.content.0', undefined],
      ['messages.0.content.1', '5m'],
      ['messages.1.content.0', undefined],
    ]);
  });

  it('refuses a fifth breakpoint', () => {
    const content = ['a', 'b', 'c', 'd', 'e'].map((value) => text(value, ephemeral()));
    expect(() => promptBlocks({ messages: [{ role: 'user', content }] })).toThrow(
      'A maximum of 4 blocks with cache_control may be provided. Found 5.',
    );
  });

  it('refuses a lifetime other than 5m or 1h, and a type other than ephemeral', () => {
    expect(() => promptBlocks({ system: [text('a', ephemeral('2h'))] })).toThrow(
      "system.0.cache_control.ephemeral.ttl: Input should be '5m' or '1h'",
    );
    expect(() => promptBlocks({ system: [text('a', { type: 'persistent' })] })).toThrow(
      "system.0.cache_control.type: Input should be 'ephemeral'",
    );
  });

  it('refuses a 1-hour breakpoint after a 5-minute one', () => {
    const body = {
      system: [text('a', ephemeral())],
      messages: [{ role: 'user', content: [text('b', ephemeral('1h'))] }],
    };
    expect(() => promptBlocks(body)).toThrow(
      "A ttl='1h' cache_control block must not come after a ttl='5m' cache_control block",
    );
    expect(() => promptBlocks({ ...body, system: [text('a', ephemeral('1h'))] })).not.toThrow();
  });
});
