import type { Stack } from '../stack/create-stack.js';
import { liveURLs } from '../stack/readiness.js';
import type { ServerOf } from './genai-attributes.js';

/**
 * The base URL each provider call of a stack goes to: its declared deployment's, else its
 * provider's endpoint (a simulator, a configured `baseURL`, or the real API). The stack is read
 * when a call is made, so the observers can be built before it.
 */
export const stackServers =
  (stack: () => Stack | undefined): ServerOf =>
  ({ provider, deployment }) => {
    const built = stack();
    if (!built) return undefined;
    const declared = built.deployments.find((d) => d.config.id === deployment);
    if (declared) return declared.probeURL;
    const endpoint = built.endpoints.find((e) => e.provider === provider);
    return endpoint && (endpoint.baseURL ?? liveURLs[endpoint.provider]);
  };
