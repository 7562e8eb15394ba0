import {
  type AdmissionHooks,
  type AttemptRunner,
  type Clock,
  defaultCatalog,
  deploymentField,
  deploymentIdOf,
  deploymentOf,
  type ErrorKind,
  type GenerateRequest,
  invalidOption,
  LlmuxError,
  type ModelCatalog,
  type Observer,
  systemClock,
  type Trace,
} from '@llmux/core';
import { AbortScope } from './abort-scope.js';
import { startAttemptTimer } from './attempt-timer.js';
import { type CapacityOptions, createCapacityPause } from './capacity-pause.js';
import {
  type CircuitBreaker,
  type CircuitBreakerOptions,
  createCircuitBreaker,
} from './circuit-breaker.js';
import {
  type ExecutionContext,
  executePlan,
  type PlanCandidate,
  type PlanTarget,
} from './execute-plan.js';
import { createFailoverPolicy, type FailoverPolicy } from './failover-policy.js';
import { createHedgePolicy, type HedgeOptions } from './hedge.js';
import { createRetryPolicy, type RetryOptions } from './retry-policy.js';
import { answeredReason } from './route-reason.js';
import {
  requestDeadline,
  resolveTimeouts,
  type TimeoutOptions,
  type Timeouts,
  timeoutError,
} from './timeouts.js';
import { clockOption, functionOption } from './validate-options.js';

/** The policies of a failover model, whatever kind of model it fails over between. */
export interface PlanRunnerOptions {
  retry?: RetryOptions;
  breaker?: CircuitBreakerOptions;
  /** How capacity signals (429, overloaded) shape traffic. */
  capacity?: CapacityOptions;
  timeouts?: TimeoutOptions;
  /** Off unless given. */
  hedge?: HedgeOptions;
  /** Error kinds that move on to the next candidate. Default `defaultFailoverKinds`. */
  failoverOn?: ErrorKind[];
  /** Context windows, for moving on after `context_length_exceeded`. Default `defaultCatalog`. */
  catalog?: ModelCatalog;
  clock?: Clock;
  /** Uniform in [0, 1), for backoff jitter. Default `Math.random`. */
  random?: () => number;
  observer?: Observer;
  /** Runs each provider call, e.g. in the context of its trace span. */
  runAttempt?: AttemptRunner;
}

/** What a request carries that failover reads: its plan, cancellation, deadline and id. */
export type PlannedRequest = Pick<GenerateRequest, 'route' | 'signal' | 'deadlineAt' | 'metadata'>;

const ignore = () => {};

/** A configured candidate with a route's reason: built field by field, once per request. */
function withReason<M extends PlanTarget>(c: PlanCandidate<M>, reason: string): PlanCandidate<M> {
  const { provider, model, deployment, target, key } = c;
  return deployment === undefined
    ? { provider, model, reason, target, key }
    : { provider, model, deployment, reason, target, key };
}

/**
 * Checks the models a failover model is given: a non-empty array, each one `isModel` says is of
 * the right kind (`expected` names it), none listed twice.
 */
export function validateModels<M extends PlanTarget>(
  models: unknown,
  isModel: (model: Partial<M> | null) => boolean,
  expected: string,
): M[] {
  if (!Array.isArray(models) || models.length === 0) {
    throw invalidOption('models', `a non-empty array of ${expected}s`, models);
  }
  const seen = new Set<string>();
  for (const [index, model] of models.entries()) {
    const m = model as Partial<M> | null;
    if (typeof m?.provider !== 'string' || typeof m.modelId !== 'string' || !isModel(m)) {
      throw invalidOption(`models[${index}]`, `a ${expected}`, model);
    }
    const key = deploymentIdOf(m as M);
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
}

/**
 * One call of a plan that answers at once (not a stream): cut with `timeout` after `attemptMs`,
 * not counting a wait in a rate limiter's line below (see `AdmissionHooks`), or when the
 * request's scope ends.
 */
export async function timedAttempt<T>(
  candidate: PlanCandidate<PlanTarget>,
  scope: AbortScope,
  attemptMs: number,
  call: (signal: AbortSignal, admission: AdmissionHooks) => Promise<T>,
): Promise<T> {
  const timer = startAttemptTimer(scope, attemptMs, () =>
    timeoutError('no response', attemptMs, candidate),
  );
  try {
    return await scope.race(call(scope.signal, timer.admission));
  } finally {
    timer.stop();
  }
}

/**
 * The part of failover that does not depend on the kind of model: its policies (retry, breaker,
 * capacity, hedge, timeouts), the candidates of a request (its route plan, or the models in the
 * order given), and a request's scope (the caller's signal and the one deadline) and trace.
 */
export function createPlanRunner<M extends PlanTarget>(models: M[], options: PlanRunnerOptions) {
  const clock = clockOption(options.clock, 'clock', systemClock);
  const random = functionOption(options.random, 'random', Math.random);
  const observer = functionOption(options.observer, 'observer');
  const runAttempt = functionOption(options.runAttempt, 'runAttempt');
  const catalog = options.catalog ?? defaultCatalog;
  if (typeof catalog.get !== 'function') throw invalidOption('catalog', 'a ModelCatalog', catalog);
  const policy: FailoverPolicy = createFailoverPolicy(options.failoverOn, catalog);
  const breaker: CircuitBreaker = createCircuitBreaker(options.breaker, { clock, observer });
  const ctx: ExecutionContext = {
    clock,
    observer,
    runAttempt,
    retry: createRetryPolicy(options.retry, random),
    policy,
    breaker,
    capacity: createCapacityPause(options.capacity, clock),
    hedge: options.hedge === undefined ? undefined : createHedgePolicy(options.hedge),
  };
  const timeouts: Timeouts = resolveTimeouts(options.timeouts);

  const byKey = new Map(models.map((m) => [deploymentIdOf(m), m]));
  const configured: Array<PlanCandidate<M>> = [...byKey].map(([key, target]) => ({
    provider: target.provider,
    model: target.modelId,
    ...deploymentField(target.provider, target.modelId, key),
    reason: 'configured order',
    target,
    key,
  }));

  const configuredByKey = new Map(configured.map((c) => [c.key, c]));

  const candidatesOf = (request: PlannedRequest): Array<PlanCandidate<M>> => {
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
      return withReason(configuredByKey.get(key)!, reason);
    });
  };

  /** Sets a request up: its candidates, its scope (caller's signal, deadline) and its trace. */
  const begin = <R extends PlannedRequest>(request: R) => {
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
    const inner: R = { ...request, route: undefined };
    if (bounded) inner.deadlineAt = deadlineAt;
    const traceOf = (trace: Trace, attempts: Trace['attempts']): Trace => {
      const traced: Trace = { ...trace, attempts };
      if (route) {
        traced.routeReason = answeredReason(route, attempts);
        traced.plan = route.candidates;
      }
      return traced;
    };
    const execution = { candidates, requestId: request.metadata?.requestId, scope, deadlineAt };
    return { inner, scope, traceOf, execution };
  };

  /**
   * Runs a request whose calls answer at once (not streams): each attempt `call`s a candidate's
   * model with the request for the layers below, within the attempt timeout; the answer comes back
   * with the plan and every attempt in its trace.
   */
  const runToAnswer = async <R extends PlannedRequest, V extends { trace: Trace }>(
    request: R,
    call: (target: M, inner: R, signal: AbortSignal, admission: AdmissionHooks) => Promise<V>,
  ): Promise<V> => {
    const { inner, scope, traceOf, execution } = begin(request);
    try {
      const won = await executePlan(ctx, {
        ...execution,
        run: (candidate, callScope) =>
          timedAttempt(candidate, callScope, timeouts.attemptMs, (signal, admission) =>
            call(candidate.target, inner, signal, admission),
          ),
        discard: ignore,
      });
      const attempts = await won.finish();
      return { ...won.value, trace: traceOf(won.value.trace, attempts) };
    } finally {
      scope.close();
    }
  };

  return { ctx, timeouts, byKey, candidatesOf, begin, runToAnswer };
}
