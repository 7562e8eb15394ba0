import { describe, expect, it } from 'vitest';
import { readBatchInput } from './openai-batch-input.js';

const endpoint = '/v1/chat/completions';
const line = (customId: string, model = 'gpt-5-mini') =>
  JSON.stringify({ custom_id: customId, method: 'POST', url: endpoint, body: { model } });

describe('readBatchInput', () => {
  it('reads each request line, skipping blank ones', () => {
    const { lines, errors } = readBatchInput(`${line('a')}\n\n${line('b')}\n`, endpoint);
    expect(errors).toEqual([]);
    expect(lines).toEqual([
      { customId: 'a', body: { model: 'gpt-5-mini' } },
      { customId: 'b', body: { model: 'gpt-5-mini' } },
    ]);
  });

  it('reports every bad line with its number, code and param', () => {
    const text = [
      line('a'),
      'not json',
      line('a'),
      line('b', 'gpt-4o'),
      JSON.stringify({ custom_id: 'c', method: 'GET', url: endpoint, body: {} }),
    ].join('\n');
    expect(readBatchInput(text, endpoint).errors).toEqual([
      expect.objectContaining({ code: 'invalid_json_line', line: 2, param: null }),
      expect.objectContaining({ code: 'duplicate_custom_id', line: 3, param: 'custom_id' }),
      expect.objectContaining({ code: 'mismatched_model', line: 4, param: 'body.model' }),
      expect.objectContaining({ code: 'invalid_value', line: 5, param: 'method' }),
    ]);
  });

  it('reports an empty file', () => {
    expect(readBatchInput(' \n', endpoint).errors).toEqual([
      { code: 'empty_file', message: 'The batch input file is empty.', param: null, line: null },
    ]);
  });
});
