import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { parseBare, sameCanonicalJson } from './same-canonical-json.js';

/** What `sameCanonicalJson` must agree with: the text, or the refusal. */
const textOf = (value: unknown): string | undefined => {
  try {
    return canonicalJson(value);
  } catch {
    return undefined;
  }
};

const cyclic: Record<string, unknown> = { a: 1 };
cyclic.self = cyclic;
const parsedProto = JSON.parse('{"__proto__":{"x":1},"b":1}');
class Point {
  x = 1;
}
const withToJson = (made: unknown) => ({ toJSON: () => made });

/** Values that look alike as JSON, or nearly: every pair is compared both ways. */
const values: unknown[] = [
  undefined,
  null,
  true,
  false,
  0,
  -0,
  1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1n,
  '',
  '0',
  '1',
  'a',
  'null',
  'line\nbreak',
  '\ud800',
  () => 1,
  Symbol('s'),
  new Date(0),
  '1970-01-01T00:00:00.000Z',
  withToJson(undefined),
  withToJson('a'),
  withToJson({ b: 1, a: 2 }),
  withToJson(() => 1),
  [],
  [null],
  [undefined],
  [() => 1],
  [1, 2],
  [2, 1],
  [[1], 2],
  // A hole, written as null.
  new Array(1),
  {},
  { a: undefined },
  { a: () => 1 },
  { a: withToJson(undefined) },
  { a: null },
  { a: 1 },
  { a: 1, b: 2 },
  { b: 2, a: 1 },
  { a: 1, b: 2, c: undefined },
  { a: { b: [1, { c: 'x', d: null }] } },
  { a: { b: [1, { d: null, c: 'x' }] } },
  { a: { b: [1, { c: 'x' }] } },
  { 10: 'a', 9: 'b' },
  { 9: 'b', 10: 'a' },
  { '10': 'a', '09': 'b' },
  Object.assign(Object.create(null), { a: 1, b: 2 }),
  parsedProto,
  { b: 1, ['__proto__']: { x: 1 } },
  { b: 1 },
  JSON.parse('{"__proto__":{}}'),
  { a: {} },
  { constructor: {} },
  { toString: 'a' },
  new Map(),
  new Point(),
  { x: 1 },
  new Uint8Array(1),
  { 0: 0 },
  Object.assign(new String('a'), {}),
  cyclic,
  { a: 1, self: { a: 1, self: {} } },
];

describe('sameCanonicalJson', () => {
  it('agrees with comparing canonical texts, for every pair of look-alike values', () => {
    for (const written of values) {
      const text = textOf(written);
      if (text === undefined) continue;
      const parsed = parseBare(text);
      for (const value of values) {
        const same = textOf(value) === text;
        expect({ value, written, same: sameCanonicalJson(value, parsed) }).toEqual({
          value,
          written,
          same,
        });
      }
    }
  });

  it('matches a value written in another key order, with fields JSON leaves out', () => {
    const parsed = parseBare(canonicalJson({ a: [1, { c: 'x', d: true }], b: null }));
    expect(sameCanonicalJson({ b: null, a: [1, { d: true, c: 'x', e: undefined }] }, parsed)).toBe(
      true,
    );
  });

  it('never matches what canonicalJson refuses, where JSON would write what was read', () => {
    expect(sameCanonicalJson({ t: Number.NaN }, parseBare('{"t":null}'))).toBe(false);
    expect(sameCanonicalJson({ m: new Map() }, parseBare('{"m":{}}'))).toBe(false);
    expect(sameCanonicalJson(cyclic, parseBare('{"a":1,"self":{"a":1,"self":{}}}'))).toBe(false);
  });

  it('keeps a `__proto__` field a field, never the prototype every object inherits', () => {
    expect(sameCanonicalJson(JSON.parse('{"__proto__":{}}'), parseBare('{"a":{}}'))).toBe(false);
    expect(sameCanonicalJson(parsedProto, parseBare(canonicalJson(parsedProto)))).toBe(true);
  });

  it('reads no field from a prototype, even one a polluted Object.prototype holds', () => {
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.x = 1;
    try {
      expect(sameCanonicalJson({ x: 1 }, parseBare('{"y":1}'))).toBe(false);
    } finally {
      delete prototype.x;
    }
  });
});
