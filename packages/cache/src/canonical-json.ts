import { LlmuxError } from '@llmux/core';
import { isPlainObject } from './is-plain-object.js';
import { setOwnField } from './own-field.js';

/** Why a value cannot be written, and where: the keys and indexes down to it, outermost first. */
class Refusal {
  readonly path: Array<string | number> = [];
  constructor(readonly reason: string) {}
}

/** An object's own keys in sorted order (insertion sort: they are few, and mostly in order). */
const sortedKeys = (value: object): string[] => {
  const keys = Object.keys(value);
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
};

/**
 * A copy of `value` that `JSON.stringify` writes canonically: keys inserted in sorted order,
 * `undefined` (and functions and symbols) dropped from objects and null in arrays, `toJSON`
 * applied. Throws a `Refusal` for what JSON cannot represent exactly.
 */
function canonicalCopy(input: unknown, ancestors: object[]): unknown {
  switch (typeof input) {
    case 'string':
    case 'boolean':
      return input;
    case 'number':
      if (Number.isFinite(input)) return input;
      throw new Refusal('is not finite');
    case 'bigint':
      throw new Refusal('is a bigint');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (input === null) return null;
  const value = input as object;
  const { toJSON } = value as { toJSON?: unknown };
  if (typeof toJSON === 'function') return canonicalCopy(toJSON.call(value), ancestors);
  // An array, not a Set: cheaper at the depths requests have, and the stack bounds the depth.
  if (ancestors.includes(value)) throw new Refusal('refers to itself');
  ancestors.push(value);
  let copy: unknown[] | Record<string, unknown>;
  let step: string | number | undefined;
  try {
    if (Array.isArray(value)) {
      copy = new Array<unknown>(value.length);
      for (step = 0; step < value.length; step++) {
        copy[step] = canonicalCopy(value[step], ancestors) ?? null;
      }
    } else {
      if (!isPlainObject(value)) {
        throw new Refusal(`is a ${value.constructor?.name ?? 'non-plain object'}`);
      }
      copy = {};
      for (step of sortedKeys(value)) {
        const field = canonicalCopy(value[step], ancestors);
        if (field !== undefined) setOwnField(copy, step, field);
      }
    }
  } catch (error) {
    if (error instanceof Refusal && step !== undefined) error.path.unshift(step);
    throw error;
  }
  ancestors.pop();
  return copy;
}

/**
 * JSON with object keys sorted and `undefined` dropped, so equal values give the same text
 * whatever order their keys were written in. Arrays keep their order. (Keys that are array
 * indexes, such as "7", come first in numeric order, as JavaScript keeps them in any object.)
 * Values that JSON cannot represent exactly (non-finite numbers, bigints, class instances,
 * cycles) are refused with an `invalid_request` error rather than silently collapsed, since two
 * different requests must never share a key.
 */
export function canonicalJson(value: unknown): string {
  let copy: unknown;
  try {
    copy = canonicalCopy(value, []);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    const path = error.path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`));
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Cannot build a cache key: $${path.join('')} ${error.reason}`,
      provider: 'cache',
    });
  }
  // One native pass writes (and escapes) the whole copy: far cheaper than a string per value.
  return JSON.stringify(copy) ?? 'null';
}
