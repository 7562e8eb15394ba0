import { LlmuxError } from '@llmux/core';

/** One conformance case: a named check of an adapter against its simulator. */
export interface ConformanceCase {
  /** The group it is listed under: `generate`, `wire`, `stream`, `settings`, `errors`. */
  group: string;
  name: string;
  /** Why the case does not apply to this adapter (a capability it lacks): it is then skipped. */
  skip?: string;
  run(): Promise<void>;
}

export type AddCase = (name: string, run: () => Promise<void>, options?: { skip?: string }) => void;

/** The cases of one group, added as `add(name, run, { skip })` (the shape of vitest's `it`). */
export function defineCases(group: string, define: (add: AddCase) => void): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  define((name, run, options = {}) => {
    cases.push({ group, name, run, ...(options.skip ? { skip: options.skip } : {}) });
  });
  return cases;
}

/**
 * The cases `only` names, in the suite's order (all of them without `only`). A name that matches
 * no case throws: a typo must not leave a selection that checks nothing.
 */
export function selectCases(cases: ConformanceCase[], only?: string[]): ConformanceCase[] {
  if (only === undefined) return cases;
  const names = new Set(cases.map((c) => c.name));
  const unknown = only.filter((name) => !names.has(name));
  if (unknown.length > 0) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Conformance option "only" names no case: ${unknown.map((name) => JSON.stringify(name)).join(', ')}`,
    });
  }
  return cases.filter((c) => only.includes(c.name));
}
