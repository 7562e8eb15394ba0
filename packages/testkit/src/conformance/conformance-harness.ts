import { defaultCatalog } from '@llmux/core';
import { dialectFor } from '../simulator/dialects.js';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import { selectCases } from './conformance-case.js';
import { type ConformanceContext, lackedCapability } from './conformance-context.js';
import type { ConformanceOptions } from './conformance-options.js';
import { errorCases } from './error-cases.js';
import { generateCases } from './generate-cases.js';
import { type RechunkingProxy, startRechunkingProxy } from './rechunking-proxy.js';
import { settingCases } from './setting-cases.js';
import { streamCases } from './stream-cases.js';
import { createTruncatingDialect } from './truncating-dialect.js';
import { wireCases } from './wire-cases.js';
import { wireReaderFor } from './wire-readers.js';

const apiKey = 'sk-conformance-secret-4f7a9c2e';

/**
 * What runs the cases: the cases `only` selects, the provider's simulator (requiring the API
 * key), a re-chunking proxy in front of it, and the context the cases share. `start` before the
 * first case, `reset` before each, `close` after the last.
 */
export function createConformanceHarness(options: ConformanceOptions) {
  const wire = wireReaderFor(options);
  const truncating = createTruncatingDialect(
    typeof options.provider === 'string' ? dialectFor(options.provider) : options.provider,
  );
  let sim: Simulator | undefined;
  let proxy: RechunkingProxy | undefined;
  const running = () => {
    if (!sim || !proxy) throw new Error('The conformance simulator is not running');
    return { sim, proxy };
  };
  const catalog = options.catalog ?? defaultCatalog;
  const provider =
    typeof options.provider === 'string' ? options.provider : options.provider.provider;

  const context: ConformanceContext = {
    options,
    catalog,
    provider,
    apiKey,
    sim: () => running().sim,
    model({ timeoutMs, rechunked = false } = {}) {
      const { sim, proxy } = running();
      return options.createModel({
        baseURL: rechunked ? sim.baseURL.replace(sim.url, proxy.url) : sim.baseURL,
        apiKey,
        modelId: options.modelId,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    },
    sent(index = -1) {
      const request = running().sim.requests.at(index);
      if (!request) throw new Error('The simulator received no request');
      return wire(request);
    },
    costOf: (usage) => (options.free ? 0 : catalog.costOf(usage, provider, options.modelId)),
    truncateStreams() {
      truncating.truncating = true;
    },
    lacks: (capability) => lackedCapability(options, capability),
  };

  const cases = selectCases(
    [
      ...generateCases(context),
      ...wireCases(context),
      ...streamCases(context),
      ...settingCases(context),
      ...errorCases(context),
    ],
    options.only,
  );

  return {
    context,
    cases,
    async start() {
      sim = await startSimulator(truncating.dialect, { behavior: { requireApiKey: true } });
      proxy = await startRechunkingProxy({ port: sim.port });
    },
    reset() {
      truncating.truncating = false;
      sim?.reset();
    },
    async close() {
      await proxy?.close();
      await sim?.close();
    },
  };
}
