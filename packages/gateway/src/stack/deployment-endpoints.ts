import { type Clock, type LanguageModel, withDeployment } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { type DeploymentConfig, familyOf } from '../config/deployment-config.js';
import { deploymentModel, secretsOf } from './deployment-clients.js';
import { SIMULATOR_KEY } from './provider-endpoints.js';
import { liveURLs } from './readiness.js';

/** Where one declared deployment's calls go, and its model (carrying the deployment id). */
export interface DeploymentEndpoint {
  config: DeploymentConfig;
  mode: 'simulator' | 'live';
  model: LanguageModel;
  /** What readiness fetches to see that the API is reachable. */
  probeURL: string;
  /** Its own simulator, started (and stopped) by the stack. */
  simulator?: Simulator;
}

/**
 * The deployment pointed at its simulator: Azure keeps its client and path (the OpenAI
 * simulator serves Azure's); Bedrock and Vertex, whose wire formats the simulators do not speak,
 * stand in as their family's own API.
 */
function onSimulator(d: DeploymentConfig, simulator: Simulator): DeploymentConfig {
  if (d.provider === 'azure') return { ...d, endpoint: new URL(simulator.baseURL).origin };
  const { apiModelId: _, ...rest } = d;
  return { ...rest, provider: familyOf[d.provider], baseURL: simulator.baseURL };
}

/** The API a live deployment calls, as its SDK derives it. */
const probeURLOf = (d: DeploymentConfig): string => {
  if (d.baseURL) return d.baseURL;
  if (d.provider === 'azure') return d.endpoint!;
  if (d.provider === 'bedrock') return `https://bedrock-runtime.${d.region}.amazonaws.com`;
  if (d.provider === 'vertex') return `https://${d.region}-aiplatform.googleapis.com`;
  if (d.provider === 'gemini-vertex') return `https://${d.location}-aiplatform.googleapis.com`;
  return liveURLs[familyOf[d.provider]];
};

/**
 * A deployment goes live when asked (`live`), not forced onto the simulator, and the secrets it
 * names are set; otherwise it runs on a simulator of its own, so each can be faulted apart.
 */
export async function resolveDeployment(
  d: DeploymentConfig,
  context: {
    live: boolean;
    env: Record<string, string | undefined>;
    clock: Clock;
    random: () => number;
    fetch?: typeof globalThis.fetch;
  },
): Promise<DeploymentEndpoint> {
  const { clock, random, fetch } = context;
  const secrets = context.live && !d.simulate ? secretsOf(d, context.env) : undefined;
  if (secrets) {
    const model = withDeployment(deploymentModel(d, secrets, { clock, fetch }), d.id);
    return { config: d, mode: 'live', model, probeURL: probeURLOf(d) };
  }
  const simulator = await startSimulator(familyOf[d.provider], {
    behavior: d.simulator,
    clock,
    random,
  });
  const model = deploymentModel(onSimulator(d, simulator), { apiKey: SIMULATOR_KEY }, { clock });
  return {
    config: d,
    mode: 'simulator',
    model: withDeployment(model, d.id),
    probeURL: simulator.url,
    simulator,
  };
}
