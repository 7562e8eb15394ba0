import {
  type Clock,
  defaultCatalog,
  deploymentField,
  deploymentIdOf,
  deploymentOf,
  type ErrorKind,
  type GenerateRequest,
  type GenerateResponse,
  invalidOption,
  type LanguageModel,
  LlmuxError,
  type ModelCatalog,
  type Observer,
  type StreamEvent,
  systemClock,
  type Trace,
  toLlmuxError,
} from '@llmux/core';
import { AbortScope } from './abort-scope.js';
import { startAttemptTimer } from './attempt-timer.js';
import { type CapacityOptions, createCapacityPause } from './capacity-pause.js';
import { type CircuitBreakerOptions, createCircuitBreaker } from './circuit-breaker.js';
import {
  type ExecutionContext,
  executePlan,
  type PlanCandidate,
  type Win,
} from './execute-plan.js';
import { createFailoverPolicy } from './failover-policy.js';
import {
  createHealthChecker,
  type HealthChecker,
  type HealthCheckOptions,
} from './health-checker.js';
import { createHedgePolicy, type HedgeOptions } from './hedge.js';
import { createRetryPolicy, type RetryOptions } from './retry-policy.js';
import { answeredReason } from './route-reason.js';
import { closeIterator, followStream, type OpenStream, openStream } from './stream-failover.js';
import { requestDeadline, resolveTimeouts, type TimeoutOptions, timeoutError } from './timeouts.js';
import { clockOption, functionOption } from './validate-options.js';

export interface FailoverOptions {
  /** The models to fail over between, in the order tried when a request has no route plan. */
  models: LanguageModel[];
  retry?: RetryOptions;
  breaker?: CircuitBreakerOptions;
  /** How capacity signals (429, overloaded) shape traffic. */
  capacity?: CapacityOptions;
  timeouts?: TimeoutOptions;
  /** Off unless given. */
  hedge?: HedgeOptions;
  /** Active health checks; off unless given. Start them with `healthChecker.start()`. */
  health?: HealthCheckOptions;
  /** Error kinds that move on to the next candidate. Default `defaultFailoverKinds`. */
  failoverOn?: ErrorKind[];
  /** Context windows, for moving on after `context_length_exceeded`. Default `defaultCatalog`. */
  catalog?: ModelCatalog;
  clock?: Clock;
  /** Uniform in [0, 1), for backoff jitter. Default `Math.random`. */
  random?: () => number;
  observer?: Observer;
}

export interface FailoverModel extends LanguageModel {
  /** Present when `health` was given. */
  readonly healthChecker: HealthChecker | undefined;
}

const validateModels = (models: unknown): LanguageModel[] => {
  if (!Array.isArray(models) || models.length === 0) {
    throw invalidOption('models', 'a non-empty array of LanguageModels', models);
  }
  const seen = new Set<string>();
  for (const [index, model] of models.entries()) {
    const m = model as Partial<LanguageModel> | null;
    if (
      typeof m?.provider !== 'string' ||
      typeof m.modelId !== 'string' ||
      typeof m.generate !== 'function' ||
      typeof m.stream !== 'function'
    ) {
      throw invalidOption(`models[${index}]`, 'a LanguageModel', model);
    }
    const key = deploymentIdOf(m as LanguageModel);
    if (seen.has(key)) {
      throw invalidOption(
        `models[${index}]`,
        'a deployment not listed before (give each deployment of a model its own deploymentId)',
        key,
      );
    }
    seen.add(key);
  }
  return models;
};

/**
 * A `LanguageModel` over a set of models that executes a plan: the router's (`request.route`) or
 * else the models in the order given. It retries with backoff, honours retry-after, tries busy
 * candidates last, skips open circuits (never all of them), moves on as the failover policy
 * allows, enforces timeouts and the request's one deadline, optionally hedges, and fails with one
 * `LlmuxError` that lists every attempt. Streams fail over until their first content; after that
 * a failure ends them with a typed `error` event.
 */
export function createFailover(options: FailoverOptions): FailoverModel {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'an options object', options);
  }
  const models = validateModels(options.models);
  const clock = clockOption(options.clock, 'clock', systemClock);
  const random = functionOption(options.random, 'random', Math.random);
  const observer = functionOption(options.observer, 'observer');
  const catalog = options.catalog ?? defaultCatalog;
  if (typeof catalog.get !== 'function') throw invalidOption('catalog', 'a ModelCatalog', catalog);
  const policy = createFailoverPolicy(options.failoverOn, catalog);
  const breaker = createCircuitBreaker(options.breaker, { clock, observer });
  const ctx: ExecutionContext = {
    clock,
    observer,
    retry: createRetryPolicy(options.retry, random),
    policy,
    breaker,
    capacity: createCapacityPause(options.capacity, clock),
    hedge: options.hedge === undefined ? undefined : createHedgePolicy(options.hedge),
  };
  const timeouts = resolveTimeouts(options.timeouts);
  const healthChecker =
    options.health === undefined
      ? undefined
      : createHealthChecker(options.health, { models, breaker, policy, clock, observer });

  const byKey = new Map(models.map((m) => [deploymentIdOf(m), m]));
  const configured: PlanCandidate[] = [...byKey].map(([key, target]) => ({
    provider: target.provider,
    model: target.modelId,
    ...deploymentField(target.provider, target.modelId, key),
    reason: 'configured order',
    target,
    key,
  }));

  const candidatesOf = (request: GenerateRequest): PlanCandidate[] => {
    const { route } = request;
    if (route === undefined) return configured;
    if (!Array.isArray(route?.candidates) || route.candidates.length === 0) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: 'request.route.candidates must list at least one candidate',
      });
    }
    return route.candidates.map(({ provider, model, deployment, reason }) => {
      const key = deploymentOf({ provider, model, deployment });
      const target = byKey.get(key);
      if (!target || target.provider !== provider || target.modelId !== model) {
        const named = deployment === undefined ? key : `${provider}/${model} at ${key}`;
        throw new LlmuxError({
          kind: 'not_found',
          message: `The route plan names ${named}, which is not among the failover models (${[...byKey.keys()].join(', ')})`,
          provider,
          model,
        });
      }
      return { provider, model, ...deploymentField(provider, model, key), reason, target, key };
    });
  };

  /** Sets a request up: its candidates, its scope (caller's signal, deadline) and its trace. */
  const begin = (request: GenerateRequest) => {
    const candidates = candidatesOf(request);
    const startedAt = clock.now();
    const deadlineAt = requestDeadline(request, timeouts.totalMs, startedAt);
    const bounded = Number.isFinite(deadlineAt);
    const scope = AbortScope.root(clock, request.signal);
    if (bounded) {
      const budgetMs = Math.max(0, deadlineAt - startedAt);
      const expired = () => timeoutError('request not done', budgetMs);
      if (budgetMs > 0) scope.timeout(budgetMs, expired);
      else scope.abort(expired());
    }
    const { route } = request;
    // The plan is this layer's to execute: a failover nested below must not try to run it again.
    // The layers below get the one deadline, whichever set it.
    const inner: GenerateRequest = { ...request, route: undefined, ...(bounded && { deadlineAt }) };
    const traceOf = (trace: Trace, attempts: Trace['attempts']): Trace => ({
      ...trace,
      ...(route && { routeReason: answeredReason(route, attempts), plan: route.candidates }),
      attempts,
    });
    const execution = { candidates, requestId: request.metadata?.requestId, scope, deadlineAt };
    return { inner, scope, traceOf, execution };
  };

  const counters = models.filter((m) => m.countTokens);
  /** Counts with the first model of the plan that can: the one the request would go to first. */
  const countTokens = async (request: GenerateRequest): Promise<number> => {
    const planned = candidatesOf(request).map((c) => c.target);
    const counter = [...planned, ...counters].find((m) => m.countTokens)!;
    return counter.countTokens!({ ...request, route: undefined });
  };

  return {
    provider: 'failover',
    modelId: [...byKey.keys()].join(','),
    healthChecker,
    ...(counters.length > 0 && { countTokens }),

    async generate(request): Promise<GenerateResponse> {
      const { inner, scope, traceOf, execution } = begin(request);
      try {
        const won = await executePlan(ctx, {
          ...execution,
          run: async (candidate, callScope) => {
            const { attemptMs } = timeouts;
            const timer = startAttemptTimer(callScope, attemptMs, () =>
              timeoutError('no response', attemptMs, candidate),
            );
            try {
              return await callScope.race(
                candidate.target.generate({
                  ...inner,
                  signal: callScope.signal,
                  admission: timer.admission,
                }),
              );
            } finally {
              timer.stop();
            }
          },
          discard: () => {},
        });
        const attempts = await won.finish();
        return { ...won.value, trace: traceOf(won.value.trace, attempts) };
      } finally {
        scope.close();
      }
    },

    async *stream(request): AsyncGenerator<StreamEvent> {
      let setup: ReturnType<typeof begin>;
      try {
        setup = begin(request);
      } catch (error) {
        yield { type: 'error', error: toLlmuxError(error) };
        return;
      }
      const { inner, scope, traceOf, execution } = setup;
      try {
        let won: Win<OpenStream>;
        try {
          won = await executePlan(ctx, {
            ...execution,
            run: (candidate, callScope) =>
              openStream(candidate, inner, callScope, timeouts.firstTokenMs),
            discard: (open) => closeIterator(open.iterator),
          });
        } catch (error) {
          yield { type: 'error', error: toLlmuxError(error) };
          return;
        }
        yield* followStream(won, timeouts.idleMs, traceOf);
      } finally {
        scope.close();
      }
    },
  };
}
