import { createConformanceHarness } from './conformance-harness.js';
import type { ConformanceOptions } from './conformance-options.js';

export interface ConformanceResult {
  group: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  /** Why it was skipped. */
  reason?: string;
  /** What failed it. */
  error?: unknown;
}

/**
 * Runs the conformance cases (those `only` names, else all) one after another outside a test
 * runner's registration, and reports each: for a script, or a test about the suite itself.
 */
export async function checkConformance(options: ConformanceOptions): Promise<ConformanceResult[]> {
  const harness = createConformanceHarness(options);
  const results: ConformanceResult[] = [];
  await harness.start();
  try {
    for (const { group, name, skip, run } of harness.cases) {
      if (skip) {
        results.push({ group, name, status: 'skipped', reason: skip });
        continue;
      }
      harness.reset();
      try {
        await run();
        results.push({ group, name, status: 'passed' });
      } catch (error) {
        results.push({ group, name, status: 'failed', error });
      }
    }
  } finally {
    await harness.close();
  }
  return results;
}
