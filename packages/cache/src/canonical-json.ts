import { LlmuxError } from '@llmux/core';
import { isPlainObject } from './is-plain-object.js';

const refuse = (path: string, reason: string): never => {
  throw new LlmuxError({
    kind: 'invalid_request',
    message: `Cannot build a cache key: ${path} ${reason}`,
    provider: 'cache',
  });
};

/**
 * JSON with object keys sorted and `undefined` dropped, so equal values give the same text
 * whatever order their keys were written in. Arrays keep their order. Values that JSON cannot
 * represent exactly (non-finite numbers, bigints, class instances, cycles) are refused with an
 * `invalid_request` error rather than silently collapsed, since two different requests must
 * never share a key.
 */
export function canonicalJson(value: unknown): string {
  const ancestors = new Set<object>();
  // Keys and indexes down to the value being written, spelled out only for an error.
  const path: Array<string | number> = [];
  const fail = (reason: string): never =>
    refuse(
      `$${path.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`,
      reason,
    );

  const write = (value: unknown): string | undefined => {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      return undefined;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') {
      return JSON.stringify(value);
    }
    if (typeof value === 'number') {
      return Number.isFinite(value) ? JSON.stringify(value) : fail('is not finite');
    }
    if (typeof value === 'bigint') return fail('is a bigint');
    const { toJSON } = value as { toJSON?: unknown };
    if (typeof toJSON === 'function') return write(toJSON.call(value));
    if (ancestors.has(value)) return fail('refers to itself');
    ancestors.add(value);
    let text: string;
    if (Array.isArray(value)) {
      text = '[';
      for (let index = 0; index < value.length; index++) {
        path.push(index);
        text += `${index > 0 ? ',' : ''}${write(value[index]) ?? 'null'}`;
        path.pop();
      }
      text += ']';
    } else {
      if (!isPlainObject(value))
        return fail(`is a ${value.constructor?.name ?? 'non-plain object'}`);
      text = '';
      for (const key of Object.keys(value).sort()) {
        path.push(key);
        const written = write(value[key]);
        path.pop();
        if (written !== undefined) text += `${text ? ',' : ''}${JSON.stringify(key)}:${written}`;
      }
      text = `{${text}}`;
    }
    ancestors.delete(value);
    return text;
  };

  return write(value) ?? 'null';
}
