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

  const write = (value: unknown, path: string): string | undefined => {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      return undefined;
    }
    if (value === null || typeof value === 'string' || typeof value === 'boolean') {
      return JSON.stringify(value);
    }
    if (typeof value === 'number') {
      return Number.isFinite(value) ? JSON.stringify(value) : refuse(path, 'is not finite');
    }
    if (typeof value === 'bigint') return refuse(path, 'is a bigint');
    const { toJSON } = value as { toJSON?: unknown };
    if (typeof toJSON === 'function') return write(toJSON.call(value), path);
    if (ancestors.has(value)) return refuse(path, 'refers to itself');
    ancestors.add(value);
    try {
      if (Array.isArray(value)) {
        const items = value.map((item, index) => write(item, `${path}[${index}]`) ?? 'null');
        return `[${items.join(',')}]`;
      }
      if (!isPlainObject(value))
        return refuse(path, `is a ${value.constructor?.name ?? 'non-plain object'}`);
      const members: string[] = [];
      for (const key of Object.keys(value).sort()) {
        const written = write(value[key], `${path}.${key}`);
        if (written !== undefined) members.push(`${JSON.stringify(key)}:${written}`);
      }
      return `{${members.join(',')}}`;
    } finally {
      ancestors.delete(value);
    }
  };

  return write(value, '$') ?? 'null';
}
