import type { RangeConfig } from './rule-schema.js';

/** Collects every problem of a configuration, each named by the path of its field. */
export class ConfigIssues {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path} ${problem}`);
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks that `value` is an object holding only `known` keys; false when it is not an object. */
export function checkObject(
  value: unknown,
  path: string,
  known: readonly string[],
  issues: ConfigIssues,
): value is Record<string, unknown> {
  if (!isRecord(value)) {
    issues.add(path, 'must be an object');
    return false;
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key))
      issues.add(`${path}.${key}`, `is not known (expected ${known.join(', ')})`);
  }
  return true;
}

export type NumberKind = 'positive' | 'non-negative' | 'share';

const numberProblem: Record<NumberKind, string> = {
  positive: 'must be a positive number',
  'non-negative': 'must be a non-negative number',
  share: 'must be a number from 0 to 1',
};

const fits = (value: number, kind: NumberKind) =>
  kind === 'positive' ? value > 0 : kind === 'non-negative' ? value >= 0 : value >= 0 && value <= 1;

/** The number at `path`, or undefined (and an issue) when it is not one of the right kind. */
export function checkNumber(
  value: unknown,
  path: string,
  kind: NumberKind,
  issues: ConfigIssues,
): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && fits(value, kind)) return value;
  issues.add(path, numberProblem[kind]);
  return undefined;
}

/** A string or a list of strings, as a non-empty list. */
export function checkStrings(value: unknown, path: string, issues: ConfigIssues): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    !list.every((item) => typeof item === 'string' && item !== '')
  ) {
    issues.add(path, 'must be a non-empty string or a non-empty list of them');
    return [];
  }
  return list;
}

export function checkBoolean(value: unknown, path: string, issues: ConfigIssues): boolean {
  if (typeof value === 'boolean') return value;
  issues.add(path, 'must be true or false');
  return false;
}

const rangeKeys = ['gt', 'gte', 'lt', 'lte'] as const;

/** A range with at least one bound, each bound of the given kind, that some value can satisfy. */
export function checkRange(
  value: unknown,
  path: string,
  kind: NumberKind,
  issues: ConfigIssues,
): RangeConfig {
  if (!checkObject(value, path, rangeKeys, issues)) return {};
  const range: RangeConfig = {};
  for (const key of rangeKeys) {
    if (value[key] !== undefined)
      range[key] = checkNumber(value[key], `${path}.${key}`, kind, issues);
  }
  if (rangeKeys.every((key) => value[key] === undefined)) {
    issues.add(path, 'needs at least one of gt, gte, lt, lte');
  }
  const low = range.gt ?? range.gte;
  const high = range.lt ?? range.lte;
  const empty =
    low !== undefined &&
    high !== undefined &&
    (range.gte !== undefined && range.lte !== undefined ? low > high : low >= high);
  if (empty) issues.add(path, 'can never match: its lower bound is not below its upper bound');
  return range;
}
