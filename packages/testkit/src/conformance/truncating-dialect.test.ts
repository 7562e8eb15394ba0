import { describe, expect, it } from 'vitest';
import { openaiDialect } from '../openai/openai-dialect.js';
import { resolveReply } from '../simulator/reply.js';
import type { SimRequest } from '../simulator/types.js';
import { createTruncatingDialect } from './truncating-dialect.js';

const request = {
  operation: 'generate',
  model: 'gpt-4o-mini',
  stream: true,
  includeUsage: true,
  promptText: 'hi',
  lastUserText: 'hi',
  toolNames: [],
  body: {},
  headers: {},
} satisfies SimRequest;
const reply = resolveReply(
  request,
  { text: 'a'.repeat(24) },
  {
    newId: () => 'id',
    chunkSize: 8,
  },
);

describe('createTruncatingDialect', () => {
  it('streams as the dialect does until told to truncate', () => {
    const { dialect } = createTruncatingDialect(openaiDialect);
    expect(dialect.streamFrames(reply, request)).toHaveLength(
      openaiDialect.streamFrames(reply, request).length,
    );
    expect(dialect.doneFrame).toEqual({ data: '[DONE]' });
  });

  it('then ends each stream before its last text frame, without the frames that close it', () => {
    const truncating = createTruncatingDialect(openaiDialect);
    truncating.truncating = true;
    const frames = truncating.dialect.streamFrames(reply, request);
    expect(frames.filter((frame) => frame.content).map((frame) => frame.data)).toEqual([
      expect.stringContaining('"content":"aaaaaaaa"'),
      expect.stringContaining('"content":"aaaaaaaa"'),
    ]);
    expect(frames.some((frame) => frame.data.includes('finish_reason":"stop'))).toBe(false);
    expect(truncating.dialect.doneFrame).toBeUndefined();
    truncating.truncating = false;
    expect(truncating.dialect.doneFrame).toEqual({ data: '[DONE]' });
  });
});
