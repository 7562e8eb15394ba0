import type { ProviderName } from '@llmux/gateway';
import type { Duration, Simulator } from '@llmux/testkit';
import { incidentAnswer } from './simulated-answers.js';

/**
 * Response times of non-streamed calls of the size the workload sends, in the range the three
 * APIs answer in on a normal day (scenario milliseconds; the scaled clock makes them quick).
 */
export const simulatedLatencies: Record<ProviderName, Duration> = {
  anthropic: { min: 700, max: 2_600 },
  openai: { min: 900, max: 3_400 },
  gemini: { min: 1_100, max: 4_200 },
};

/** Gives each simulator its latency and the scenario's incident-style answers. */
export function prepareSimulators(simulators: Partial<Record<ProviderName, Simulator>>): void {
  for (const [provider, simulator] of Object.entries(simulators) as Array<
    [ProviderName, Simulator]
  >) {
    simulator.configure({ latencyMs: simulatedLatencies[provider], reply: incidentAnswer });
  }
}
