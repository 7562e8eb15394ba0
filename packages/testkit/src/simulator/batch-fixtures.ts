import { readFileSync } from 'node:fs';

/** A file of the repository's fixtures/batch folder: the batch wire formats, as documented. */
export const batchFixture = (name: string): string =>
  readFileSync(new URL(`../../../../fixtures/batch/${name}`, import.meta.url), 'utf8');

/** The JSON values of a fixture, one per line for `.jsonl`. */
export const batchFixtureJson = (name: string): unknown[] =>
  name.endsWith('.jsonl')
    ? batchFixture(name)
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
    : [JSON.parse(batchFixture(name))];

/** Every key path of a JSON value (arrays by their first element), for comparing shapes. */
export const keyPaths = (value: unknown, prefix = ''): string[] => {
  if (Array.isArray(value)) return value.length ? keyPaths(value[0], `${prefix}[]`) : [];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => [
    `${prefix}.${key}`,
    ...keyPaths(child, `${prefix}.${key}`),
  ]);
};
