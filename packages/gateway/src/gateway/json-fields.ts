import { badField } from './request-field-error.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Refuses any key beyond those the gateway honours, naming it: nothing is dropped unsaid. */
export function onlyKeys(value: Json, allowed: readonly string[], param: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw badField(param ? `${param}.${key}` : key, 'is not supported');
  }
}
