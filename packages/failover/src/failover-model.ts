import {
  deferStream,
  type GenerateRequest,
  type GenerateResponse,
  invalidOption,
  type LanguageModel,
} from '@llmux/core';
import { executePlan, type Win } from './execute-plan.js';
import {
  createHealthChecker,
  type HealthChecker,
  type HealthCheckOptions,
} from './health-checker.js';
import { createPlanRunner, type PlanRunnerOptions, validateModels } from './plan-runner.js';
import { closeIterator, followStream, type OpenStream, openStream } from './stream-failover.js';

export interface FailoverOptions extends PlanRunnerOptions {
  /** The models to fail over between, in the order tried when a request has no route plan. */
  models: LanguageModel[];
  /** Active health checks; off unless given. Start them with `healthChecker.start()`. */
  health?: HealthCheckOptions;
}

export interface FailoverModel extends LanguageModel {
  /** Present when `health` was given. */
  readonly healthChecker: HealthChecker | undefined;
}

const isLanguageModel = (m: Partial<LanguageModel> | null) =>
  typeof m?.generate === 'function' && typeof m.stream === 'function';

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
  const models = validateModels<LanguageModel>(options.models, isLanguageModel, 'LanguageModel');
  const { ctx, timeouts, byKey, candidatesOf, begin, runToAnswer } = createPlanRunner(
    models,
    options,
  );
  const { breaker, policy, clock, observer } = ctx;
  const healthChecker =
    options.health === undefined
      ? undefined
      : createHealthChecker(options.health, { models, breaker, policy, clock, observer });

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

    generate: (request): Promise<GenerateResponse> =>
      runToAnswer(request, (target, inner, signal, admission) =>
        target.generate({ ...inner, signal, admission }),
      ),

    stream: (request) =>
      deferStream(async () => {
        const { inner, scope, traceOf, execution } = begin(request);
        let won: Win<OpenStream>;
        try {
          won = await executePlan(ctx, {
            ...execution,
            run: (candidate, callScope) =>
              openStream(candidate, inner, callScope, timeouts.firstTokenMs),
            discard: (open) => closeIterator(open.iterator),
          });
        } catch (error) {
          scope.close();
          throw error;
        }
        return followStream(won, timeouts.idleMs, traceOf, () => scope.close());
      }),
  };
}
