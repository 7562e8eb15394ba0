import { describe, expect, it } from 'vitest';
import { definedFields } from './defined-fields.js';

describe('definedFields', () => {
  it('keeps every field with a value, falsy ones too, and drops undefined ones', () => {
    expect(definedFields({ a: 0, b: undefined, c: null, d: '', e: false })).toEqual({
      a: 0,
      c: null,
      d: '',
      e: false,
    });
    expect(Object.keys(definedFields({ b: undefined }))).toEqual([]);
  });
});
