import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import { createContext } from './conformance-context.js';
import type { ConformanceOptions } from './conformance-options.js';
import { errorCases } from './error-cases.js';
import { generateCases } from './generate-cases.js';
import { settingCases } from './setting-cases.js';
import { streamCases } from './stream-cases.js';

const apiKey = 'sk-conformance-secret';

/**
 * Registers the conformance tests every provider adapter must pass, run against the provider's
 * simulator through the adapter (and so through the provider's official SDK). Call it at the top
 * level of a vitest test file.
 */
export function runConformanceSuite(options: ConformanceOptions): void {
  let sim: Simulator | undefined;
  const context = createContext(
    options,
    () => sim!,
    () => options.createModel({ baseURL: sim!.baseURL, apiKey, modelId: options.modelId }),
  );

  describe(`conformance: ${context.provider} ${options.modelId}`, () => {
    beforeAll(async () => {
      sim = await startSimulator(options.provider, { behavior: { requireApiKey: true } });
    });
    afterAll(() => sim?.close());
    beforeEach(() => sim?.reset());

    describe('generate', () => generateCases(context));
    describe('stream', () => streamCases(context));
    describe('settings', () => settingCases(context));
    describe('errors', () => errorCases(context));
  });
}
