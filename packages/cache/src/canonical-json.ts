import { LlmuxError } from '@llmux/core';
import { isPlainObject } from './is-plain-object.js';
import { setOwnField } from './own-field.js';

/** Why a value cannot be written, and where: the keys and indexes down to it, outermost first. */
class Refusal {
  readonly path: Array<string | number> = [];
  constructor(readonly reason: string) {}
}

/** Whether `keys` are in sorted order already (they mostly are when a layer built the value). */
const inOrder = (keys: string[]): boolean => {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
};

/** Sorts keys in place (insertion sort: they are few, and mostly in order). */
const sortKeys = (keys: string[]): string[] => {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    for (; j >= 0 && keys[j]! > key; j--) keys[j + 1] = keys[j]!;
    keys[j + 1] = key;
  }
  return keys;
};

/**
 * What `JSON.stringify` writes canonically: `input` itself where it does so already (plain
 * objects with keys in sorted order, holding JSON values: most of a request), else a copy with
 * keys inserted in sorted order, `undefined` (and functions and symbols) dropped from objects
 * and null in arrays, `toJSON` applied. Throws a `Refusal` for what JSON cannot represent
 * exactly.
 */
function canonicalCopy(input: unknown, ancestors: object[]): unknown {
  switch (typeof input) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return input;
    case 'number':
      if (Number.isFinite(input)) return input;
      throw new Refusal('is not finite');
    case 'bigint':
      throw new Refusal('is a bigint');
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
  let result: unknown;
  let step: string | number | undefined;
  try {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      for (step = 0; step < value.length; step++) {
        const item: unknown = value[step];
        const made = canonicalCopy(item, ancestors);
        if (made !== item) copy ??= value.slice(0, step);
        // JSON writes `undefined` in an array as null: only what it would not write is replaced.
        if (copy) copy[step] = made ?? null;
      }
      result = copy ?? value;
    } else {
      if (!isPlainObject(value)) {
        throw new Refusal(`is a ${value.constructor?.name ?? 'non-plain object'}`);
      }
      const keys = Object.keys(value);
      let copy: Record<string, unknown> | undefined = inOrder(keys) ? undefined : {};
      if (copy) sortKeys(keys);
      for (let i = 0; i < keys.length; i++) {
        step = keys[i]!;
        const field = value[step];
        const made = canonicalCopy(field, ancestors);
        if (!copy && made !== field) copy = copyOf(value, keys, i);
        if (copy && made !== undefined) setOwnField(copy, step, made);
      }
      result = copy ?? value;
    }
  } catch (error) {
    if (error instanceof Refusal && step !== undefined) error.path.unshift(step);
    throw error;
  }
  ancestors.pop();
  return result;
}

/** A new object with the fields of `value` under its first `count` keys (already canonical). */
const copyOf = (value: Record<string, unknown>, keys: string[], count: number) => {
  const copy: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    const field = value[keys[i]!];
    if (field !== undefined) setOwnField(copy, keys[i]!, field);
  }
  return copy;
};

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
