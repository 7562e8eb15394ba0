import {
  budgetCost,
  type Clock,
  defaultCatalog,
  deferStream,
  emit,
  type FinishedCall,
  type GenerateRequest,
  type HeadroomSource,
  type HealthStore,
  type LanguageModel,
  LlmuxError,
  type ModelCatalog,
  type Observer,
  passStream,
  type RoutePlan,
  type SpendLedger,
  type SpendSource,
  systemClock,
  type Trace,
  toLlmuxError,
} from '@llmux/core';
import { createBalancer } from './balance-deployments.js';
import { classifyTask, type TaskClassifier } from './classify-task.js';
import { expandPlan, planRoute } from './plan.js';
import { createRequestFacts, type RouterSources } from './request-facts.js';
import type { RouterConfig } from './rule-schema.js';
import { validateRouterConfig } from './validate-config.js';

export interface RouterOptions extends RouterConfig {
  /** The model that runs the plan, normally a failover model over the candidates. */
  model: LanguageModel;
  /** Circuit state, error rate and latency per candidate; needed by `unhealthy` and `lowest-latency`. */
  health?: HealthStore;
  /** Rate-limit headroom per candidate; needed by `headroom` and `least-busy`. */
  headroom?: HeadroomSource;
  /**
   * Spend against budgets per tenant; needed by `budget`. A `SpendLedger` (core's
   * `createMemorySpendLedger`) is kept up to date by the router: each answer's cost is added
   * under its tenant. `@llmux/ratelimit` keeps its own.
   */
  spend?: SpendSource | SpendLedger;
  /** Context windows, capabilities and prices; default core's `defaultCatalog`. */
  catalog?: ModelCatalog;
  /** Names the task when `metadata.task` does not; default `classifyTask`. */
  classifier?: TaskClassifier;
  /** A model whose `countTokens` gives exact input tokens; default core's `estimateInputTokens`. */
  tokenCounter?: Pick<LanguageModel, 'countTokens'>;
  clock?: Clock;
  /** For the `weighted` strategy; default `Math.random`. */
  random?: () => number;
  /** Receives a `route` event per request. */
  observer?: Observer;
}

export interface RouterModel extends LanguageModel {
  /**
   * The plan the router would make for a request now, without calling the model. It takes a
   * turn of the round robin over a candidate's deployments, as a request would.
   */
  plan(request: GenerateRequest): Promise<RoutePlan>;
  /**
   * A plan made elsewhere (the gateway's pinned model) with each candidate that has a group and
   * names no deployment spread over its deployments, in balance order, unhealthy or busy ones
   * last, as the router's own plans are; the rest as it is.
   */
  expand(plan: RoutePlan, request: GenerateRequest): Promise<RoutePlan>;
}

const withRoute = (trace: Trace, plan: RoutePlan): Trace => ({
  ...trace,
  routeReason: trace.routeReason ?? plan.reason,
  plan: trace.plan ?? plan.candidates,
});

/**
 * A model that plans each request by its rules, sets the plan on the request as `route`, and
 * passes it to the wrapped model. Throws an `LlmuxError` (`invalid_request`) naming every bad
 * field when the configuration is invalid.
 */
export function createRouter(options: RouterOptions): RouterModel {
  const {
    model,
    health,
    headroom,
    spend,
    catalog = defaultCatalog,
    classifier = classifyTask,
    tokenCounter,
    clock = systemClock,
    random = Math.random,
    observer,
    ...config
  } = options;
  if (typeof model?.generate !== 'function' || typeof model.stream !== 'function') {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: 'createRouter: model must be a LanguageModel',
    });
  }
  if (tokenCounter && typeof tokenCounter.countTokens !== 'function') {
    throw new LlmuxError({
      kind: 'invalid_request',
      message:
        'createRouter: tokenCounter has no countTokens method (the provider cannot count tokens)',
    });
  }
  const compiled = validateRouterConfig(config, {
    catalog,
    health: health !== undefined,
    headroom: headroom !== undefined,
    spend: spend !== undefined,
  });
  const sources: RouterSources = {
    health,
    headroom,
    spend,
    classifier,
    tokenCounter,
    clock,
    random,
  };

  const ledger = spend && 'add' in spend && typeof spend.add === 'function' ? spend : undefined;
  /**
   * Adds what an answer cost to the ledger, at the catalog's price when the model that answered
   * could not price it (core's `budgetCost`); a ledger that fails must not fail the answer.
   */
  const recordSpend = async (
    call: FinishedCall,
    answeredBy: { provider: string; model: string } | undefined,
    request: GenerateRequest,
  ) => {
    if (!ledger) return;
    const pricing = answeredBy && catalog.get(answeredBy.provider, answeredBy.model)?.pricing;
    const usd = budgetCost(call, pricing);
    if (!(usd > 0)) return;
    await ledger.add(usd, request.metadata?.tenant).catch(() => {});
  };

  const balancer = createBalancer();
  const factsOf = (request: GenerateRequest) => {
    if (!Array.isArray(request?.messages)) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: 'request.messages must be a list of messages',
      });
    }
    return createRequestFacts(request, sources, compiled.healthPolicy.windowMs);
  };
  const plan = async (request: GenerateRequest): Promise<RoutePlan> =>
    planRoute(compiled, factsOf(request), balancer);

  /** Plans and reports the decision, a rejection included, as a `route` event. */
  const decide = async (request: GenerateRequest): Promise<RoutePlan> => {
    const requestId = request?.metadata?.requestId;
    try {
      const route = await plan(request);
      emit(observer, { type: 'route', requestId, reason: route.reason, plan: route.candidates });
      return route;
    } catch (error) {
      const failure = toLlmuxError(error);
      emit(observer, { type: 'route', requestId, reason: failure.message, plan: [] });
      throw failure;
    }
  };

  return {
    provider: 'router',
    modelId: model.modelId,
    plan,
    expand: async (given, request) => expandPlan(compiled, factsOf(request), balancer, given),
    ...(model.countTokens && { countTokens: (request) => model.countTokens!(request) }),
    async generate(request) {
      const route = await decide(request);
      const response = await model.generate({ ...request, route });
      await recordSpend(response, response, request);
      return { ...response, trace: withRoute(response.trace, route) };
    },
    stream: (request) =>
      deferStream(async () => {
        const route = await decide(request);
        let answeredBy: { provider: string; model: string } | undefined;
        return passStream(model.stream({ ...request, route }), {
          event(event) {
            if (event.type === 'start') answeredBy = event;
            if (event.type !== 'finish') return event;
            return recordSpend(event, answeredBy, request).then(() => ({
              ...event,
              trace: withRoute(event.trace, route),
            }));
          },
        });
      }),
  };
}
