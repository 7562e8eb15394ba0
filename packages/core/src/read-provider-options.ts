import { invalidOption } from './invalid-option.js';
import { isPlainObject } from './is-plain-object.js';
import type { ProviderOptions } from './request.js';
import type { Warning } from './response.js';
import { unsupportedSetting } from './unsupported-setting.js';

/** Whether an option's value is of the right kind. */
export type OptionCheck = (value: unknown) => boolean;

/** An adapter's known options: each with its check and what it must be, in words (`a boolean`). */
export type ProviderOptionsSpec = Record<string, readonly [check: OptionCheck, expected: string]>;

/** The checks provider options are made of. */
export const optionChecks = {
  string: ((value) => typeof value === 'string') as OptionCheck,
  boolean: ((value) => typeof value === 'boolean') as OptionCheck,
  /** A finite number. */
  number: ((value) => typeof value === 'number' && Number.isFinite(value)) as OptionCheck,
  /** A plain object (not an array, not null). */
  object: isPlainObject as OptionCheck,
  oneOf:
    (...values: string[]): OptionCheck =>
    (value) =>
      typeof value === 'string' && values.includes(value),
  arrayOf:
    (check: OptionCheck): OptionCheck =>
    (value) =>
      Array.isArray(value) && value.every(check),
  /** A plain object whose every value passes the check. */
  recordOf:
    (check: OptionCheck): OptionCheck =>
    (value) =>
      isPlainObject(value) && Object.values(value).every(check),
};

/**
 * Reads `providerOptions[namespace]` against an adapter's spec. A known option of the wrong kind
 * is core's `invalidOption` naming it; an unknown one is a warning, and the call goes ahead without
 * it. Options of other providers' namespaces are left alone.
 */
export function readProviderOptions(
  providerOptions: ProviderOptions | undefined,
  namespace: string,
  spec: ProviderOptionsSpec,
): { options: Record<string, unknown>; warnings: Warning[] } {
  const given: unknown = providerOptions?.[namespace];
  const options: Record<string, unknown> = {};
  const warnings: Warning[] = [];
  if (given === undefined) return { options, warnings };
  if (!isPlainObject(given))
    throw invalidOption(`providerOptions.${namespace}`, 'an object', given);
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    const setting = `providerOptions.${namespace}.${key}`;
    const known = Object.hasOwn(spec, key) ? spec[key] : undefined;
    if (!known) {
      warnings.push(unsupportedSetting(setting, 'unknown option'));
      continue;
    }
    const [check, expected] = known;
    // `invalidOption` shows objects by their kind: a secret in one never lands in the message.
    if (!check(value)) throw invalidOption(setting, expected, value);
    options[key] = value;
  }
  return { options, warnings };
}
