import {
  deferStream,
  emit,
  type GenerateRequest,
  type LanguageModel,
  type Observer,
} from '@llmux/core';
import type { RouterModel } from '@llmux/router';

/**
 * Lets a request name its model: one that arrives with a route plan already (the gateway's
 * pinned model) has its model spread over its deployments by the router's balance, and goes
 * straight to the failover model that executes plans; the others are planned by the router.
 * Either way a `route` event reports the plan.
 */
export function pinOrRoute(
  router: RouterModel,
  executor: LanguageModel,
  observer?: Observer,
): LanguageModel {
  const pinned = async (request: GenerateRequest): Promise<GenerateRequest> => {
    const route = await router.expand(request.route!, request);
    emit(observer, {
      type: 'route',
      requestId: request.metadata?.requestId,
      reason: route.reason,
      plan: route.candidates,
    });
    return { ...request, route };
  };
  return {
    provider: router.provider,
    modelId: router.modelId,
    generate: async (request) =>
      request.route ? executor.generate(await pinned(request)) : router.generate(request),
    stream: (request) =>
      deferStream(() =>
        request.route
          ? pinned(request).then((expanded) => executor.stream(expanded))
          : router.stream(request),
      ),
  };
}
