import { describe, expect, it } from 'vitest';
import { parseToolArguments } from './parse-tool-arguments.js';

describe('parseToolArguments', () => {
  it('parses JSON arguments', () => {
    expect(parseToolArguments('{"city":"Paris","days":[1,2]}')).toEqual({
      city: 'Paris',
      days: [1, 2],
    });
  });

  it('takes empty arguments as an empty object', () => {
    expect(parseToolArguments('')).toEqual({});
    expect(parseToolArguments('  ')).toEqual({});
  });

  it('keeps arguments that are not valid JSON as their text', () => {
    expect(parseToolArguments('{"city":"Par')).toBe('{"city":"Par');
  });
});
