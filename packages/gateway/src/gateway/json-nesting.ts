import { badField, RequestFieldError } from './request-field-error.js';

/**
 * How deep a free-form JSON value of a request (a tool's schema, a call's arguments) may nest.
 * Real schemas stay far below it (OpenAI's strict mode allows 10 levels); deeper values would
 * overflow the stack of the layers that walk them (cache keys, SDK serialisers).
 */
export const MAX_FIELD_DEPTH = 64;

/** The backstop for the whole body, above any field's limit plus the body's own levels. */
const MAX_BODY_DEPTH = 128;

/**
 * Whether `value` nests deeper than `max` levels of objects and arrays, walked without recursion:
 * only objects are queued, with their depths in a parallel list (no pair made per value).
 */
function deeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const pending: object[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const item = pending.pop()!;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(item) ? item : Object.values(item)) {
      if (typeof child !== 'object' || child === null) continue;
      pending.push(child);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** Refuses a free-form field that nests too deep, naming it. */
export function checkNesting(value: unknown, param: string): void {
  if (deeperThan(value, MAX_FIELD_DEPTH)) {
    throw badField(param, `is nested deeper than ${MAX_FIELD_DEPTH} levels`);
  }
}

/** Refuses a whole body that nests too deep to be any field's fault alone. */
export function checkBodyNesting(body: unknown): void {
  if (deeperThan(body, MAX_BODY_DEPTH)) {
    throw new RequestFieldError(
      null,
      `The request body is nested deeper than ${MAX_BODY_DEPTH} levels`,
    );
  }
}
