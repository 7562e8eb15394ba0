import type { Clock } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import type { ProviderConfig, ProviderName } from '../config/config-schema.js';

/** Where one provider's calls go: its simulator, or the real API with a key. */
export interface ProviderEndpoint {
  provider: ProviderName;
  mode: 'simulator' | 'live';
  /** The SDK's base URL; undefined for the SDK's default (the real API). */
  baseURL?: string;
  /** The real key when live; a placeholder the simulator ignores otherwise. */
  apiKey: string;
  /** Set when this stack started the simulator (and so stops it). */
  simulator?: Simulator;
}

/** The key the SDKs send to a simulator, which accepts any. */
export const SIMULATOR_KEY = 'llmux-simulator';

/**
 * A provider goes live only when asked (`live`), not forced onto the simulator by its config, and
 * its key is in the environment; otherwise the stack starts a simulator for it.
 */
export async function resolveEndpoint(
  provider: ProviderName,
  config: ProviderConfig,
  context: {
    live: boolean;
    env: Record<string, string | undefined>;
    clock: Clock;
    random: () => number;
  },
): Promise<ProviderEndpoint> {
  const apiKey = context.env[config.apiKeyEnv];
  if (context.live && !config.simulate && apiKey) {
    return { provider, mode: 'live', baseURL: config.baseURL, apiKey };
  }
  const simulator = await startSimulator(provider, {
    behavior: config.simulator,
    clock: context.clock,
    random: context.random,
  });
  return {
    provider,
    mode: 'simulator',
    baseURL: simulator.baseURL,
    apiKey: SIMULATOR_KEY,
    simulator,
  };
}
