import { afterAll, beforeAll, beforeEach, describe, it } from 'vitest';
import type { ConformanceCase } from './conformance-case.js';
import { createConformanceHarness } from './conformance-harness.js';
import type { ConformanceOptions } from './conformance-options.js';

/**
 * Registers the conformance tests every provider adapter must pass, run against the provider's
 * simulator through the adapter (and so through the provider's official SDK). Call it at the top
 * level of a vitest test file. A case for a capability the provider lacks is listed as skipped,
 * with the reason in its name.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  const harness = createConformanceHarness(options);
  const groups = new Map<string, ConformanceCase[]>();
  for (const c of harness.cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);

  describe(`conformance: ${harness.context.provider} ${options.modelId}`, () => {
    beforeAll(harness.start);
    afterAll(harness.close);
    beforeEach(harness.reset);
    for (const [group, cases] of groups) {
      describe(group, () => {
        for (const c of cases) {
          if (c.skip) it.skip(`${c.name} (skipped: ${c.skip})`, () => {});
          else it(c.name, c.run);
        }
      });
    }
  });
}
