import { type Clock, invalidOption } from '@llmux/core';

export interface NumberRule {
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Inclusive upper bound. */
  max?: number;
  integer?: boolean;
}

const expectation = (rule: NumberRule): string => {
  const parts = [rule.integer ? 'an integer' : 'a number'];
  if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  return parts.join(' ');
};

/** The option's value, or `fallback` when absent; throws `invalid_request` naming `field`. */
export function numberOption(
  value: unknown,
  field: string,
  rule: NumberRule,
  fallback: number,
): number;
export function numberOption(value: unknown, field: string, rule: NumberRule): number | undefined;
export function numberOption(
  value: unknown,
  field: string,
  rule: NumberRule,
  fallback?: number,
): number | undefined {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (rule.integer ? Number.isInteger(value) : true) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.max === undefined || value <= rule.max);
  if (!ok) throw invalidOption(field, expectation(rule), value);
  return value;
}

/** A function option, or `fallback` when absent. */
export function functionOption<F>(value: F | undefined, field: string, fallback: F): F;
export function functionOption<F>(value: F | undefined, field: string): F | undefined;
export function functionOption<F>(value: F | undefined, field: string, fallback?: F) {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw invalidOption(field, 'a function', value);
  return value;
}

/** An options object (or absent); anything else is a bad option. */
export function objectOption<T extends object>(value: T | undefined, field: string): T {
  if (value === undefined) return {} as T;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidOption(field, 'an options object', value);
  }
  return value;
}

/** A `Clock` option, or `fallback` when absent. */
export function clockOption(value: Clock | undefined, field: string, fallback: Clock): Clock {
  if (value === undefined) return fallback;
  if (typeof value?.now !== 'function' || typeof value.sleep !== 'function') {
    throw invalidOption(field, 'a Clock (with now and sleep)', value);
  }
  return value;
}
