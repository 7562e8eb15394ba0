import type { PartialArg } from '@google/genai';

type Json = Record<string, unknown> | unknown[];

/** `$.a.b[0]['c d']` as keys and indexes. */
function pathOf(jsonPath: string): Array<string | number> {
  const keys: Array<string | number> = [];
  for (const match of jsonPath
    .replace(/^\$/, '')
    .matchAll(/\.([^.[\]]+)|\[(\d+)\]|\['([^']*)'\]/g)) {
    keys.push(match[2] !== undefined ? Number(match[2]) : (match[1] ?? match[3] ?? ''));
  }
  return keys;
}

const argValue = (arg: PartialArg): unknown => {
  if (arg.stringValue !== undefined) return arg.stringValue;
  if (arg.numberValue !== undefined) return arg.numberValue;
  if (arg.boolValue !== undefined) return arg.boolValue;
  return null;
};

/**
 * Applies one streamed argument fragment (Vertex's `partialArgs`) to the arguments built so far.
 * A string arrives in pieces: while `willContinue` is set, the next piece at the same path is
 * appended. Returns the path of a string still open, if any.
 */
export function applyPartialArg(
  args: Record<string, unknown>,
  arg: PartialArg,
  openStringPath: string | undefined,
): string | undefined {
  const keys = pathOf(arg.jsonPath ?? '$');
  const last = keys.pop();
  if (last === undefined) return undefined;
  let target: Json = args;
  keys.forEach((key, i) => {
    const container = target as Record<string | number, unknown>;
    const next = container[key];
    if (typeof next !== 'object' || next === null) {
      container[key] = typeof (keys[i + 1] ?? last) === 'number' ? [] : {};
    }
    target = container[key] as Json;
  });
  const container = target as Record<string | number, unknown>;
  const value = argValue(arg);
  const previous = container[last];
  container[last] =
    typeof value === 'string' && openStringPath === arg.jsonPath && typeof previous === 'string'
      ? previous + value
      : value;
  return typeof value === 'string' && arg.willContinue ? arg.jsonPath : undefined;
}
