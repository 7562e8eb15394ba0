import { describe, expect, it } from 'vitest';
import { defineCases, selectCases } from './conformance-case.js';

const run = async () => {};
const cases = defineCases('generate', (it) => {
  it('one', run);
  it('two', run, { skip: 'the provider has none' });
  it('three', run);
});

describe('defineCases', () => {
  it('lists cases in order, under their group, with a skip reason where given', () => {
    expect(cases).toEqual([
      { group: 'generate', name: 'one', run },
      { group: 'generate', name: 'two', run, skip: 'the provider has none' },
      { group: 'generate', name: 'three', run },
    ]);
  });
});

describe('selectCases', () => {
  it('keeps every case without a selection, and the named ones in suite order with one', () => {
    expect(selectCases(cases)).toBe(cases);
    expect(selectCases(cases, ['three', 'one']).map((c) => c.name)).toEqual(['one', 'three']);
  });

  it('refuses a name that matches no case, naming it', () => {
    expect(() => selectCases(cases, ['one', 'fuor'])).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: 'Conformance option "only" names no case: "fuor"',
      }),
    );
  });
});
