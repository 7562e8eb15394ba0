import { describe, expect, it } from 'vitest';
import { applyPartialArg } from './apply-partial-arg.js';

describe('applyPartialArg', () => {
  it('appends the pieces of a string while willContinue is set', () => {
    const args: Record<string, unknown> = {};
    let open = applyPartialArg(
      args,
      { jsonPath: '$.location', stringValue: 'San ', willContinue: true },
      undefined,
    );
    open = applyPartialArg(
      args,
      { jsonPath: '$.location', stringValue: 'Francisco', willContinue: true },
      open,
    );
    open = applyPartialArg(args, { jsonPath: '$.location', stringValue: '' }, open);
    expect(args).toEqual({ location: 'San Francisco' });
    expect(open).toBeUndefined();
  });

  it('sets numbers, booleans and nulls at nested paths and indexes', () => {
    const args: Record<string, unknown> = {};
    applyPartialArg(args, { jsonPath: '$.filter.limit', numberValue: 5 }, undefined);
    applyPartialArg(args, { jsonPath: '$.filter.tags[1]', stringValue: 'b' }, undefined);
    applyPartialArg(args, { jsonPath: "$['dry run']", boolValue: true }, undefined);
    applyPartialArg(args, { jsonPath: '$.cursor', nullValue: 'NULL_VALUE' }, undefined);
    expect(args).toEqual({
      filter: { limit: 5, tags: [undefined, 'b'] },
      'dry run': true,
      cursor: null,
    });
  });

  it('starts a string afresh at another path', () => {
    const args: Record<string, unknown> = { a: 'x' };
    applyPartialArg(args, { jsonPath: '$.a', stringValue: 'y' }, '$.b');
    expect(args).toEqual({ a: 'y' });
  });
});
