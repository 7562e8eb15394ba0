import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it('sorts object keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('gives the same text for the same value written in another key order', () => {
    expect(canonicalJson({ x: 1, y: [2, 3], z: { p: true, q: null } })).toBe(
      canonicalJson({ z: { q: null, p: true }, y: [2, 3], x: 1 }),
    );
  });

  it('drops undefined and functions in objects, and writes them as null in arrays, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: () => 1, c: 1 })).toBe('{"c":1}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });

  it('escapes strings and keys as JSON does', () => {
    expect(canonicalJson({ 'a"b': 'line\nbreak' })).toBe('{"a\\"b":"line\\nbreak"}');
  });

  it('uses toJSON where a value has one', () => {
    expect(canonicalJson({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it('accepts objects without a prototype and shared (non-cyclic) references', () => {
    const shared = Object.assign(Object.create(null), { k: 1 });
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"k":1},"b":{"k":1}}');
  });

  it('keeps a `__proto__` field (as JSON.parse makes it) as a field', () => {
    expect(canonicalJson(JSON.parse('{"b":1,"__proto__":{"x":1}}'))).toBe(
      '{"__proto__":{"x":1},"b":1}',
    );
    expect(canonicalJson(JSON.parse('{"__proto__":2}'))).not.toBe(canonicalJson({}));
  });

  it('gives keys that are array indexes the same place whatever order they were written in', () => {
    expect(canonicalJson({ 10: 'a', b: 1, 9: 'c' })).toBe(canonicalJson({ b: 1, 9: 'c', 10: 'a' }));
  });

  it.each([
    ['a non-finite number', { t: Number.NaN }, '$.t is not finite'],
    ['a bigint', { n: 1n }, '$.n is a bigint'],
    ['a Map', { m: new Map([[1, 2]]) }, '$.m is a Map'],
    ['a typed array', { b: [new Uint8Array(2)] }, '$.b[0] is a Uint8Array'],
  ])('refuses %s, naming where it is', (_, value, message) => {
    const error = catchError(() => canonicalJson(value));
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    expect((error as Error).message).toContain(message);
  });

  it('writes a value already in order anew on each call, changes in place included', () => {
    const value = { a: [{ b: 1 }], c: { d: { e: 'x' } } };
    expect(canonicalJson(value)).toBe('{"a":[{"b":1}],"c":{"d":{"e":"x"}}}');
    value.c.d = { f: 2, e: 'y' } as never;
    expect(canonicalJson(value)).toBe('{"a":[{"b":1}],"c":{"d":{"e":"y","f":2}}}');
  });

  it('applies toJSON and drops functions deep inside a value otherwise in order', () => {
    expect(canonicalJson({ a: [1, { at: new Date(0), f: () => 1 }], b: undefined })).toBe(
      '{"a":[1,{"at":"1970-01-01T00:00:00.000Z"}]}',
    );
  });

  it('refuses a cycle', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow('$.self refers to itself');
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
