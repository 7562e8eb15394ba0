import { emit, type LanguageModel, type Observer } from '@llmux/core';

/**
 * Lets a request name its model: one that arrives with a route plan already (the gateway's
 * pinned model) goes straight to the failover model that executes plans; the others are planned
 * by the router. Either way a `route` event reports the plan.
 */
export function pinOrRoute(
  router: LanguageModel,
  executor: LanguageModel,
  observer?: Observer,
): LanguageModel {
  const pick = (request: Parameters<LanguageModel['generate']>[0]) => {
    const { route } = request;
    if (!route) return router;
    emit(observer, {
      type: 'route',
      requestId: request.metadata?.requestId,
      reason: route.reason,
      plan: route.candidates,
    });
    return executor;
  };
  return {
    provider: router.provider,
    modelId: router.modelId,
    generate: (request) => pick(request).generate(request),
    stream: (request) => pick(request).stream(request),
  };
}
