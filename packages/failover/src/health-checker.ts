import {
  type Clock,
  deploymentField,
  deploymentIdOf,
  emit,
  invalidOption,
  kindFromStatus,
  type LanguageModel,
  LlmuxError,
  type Observer,
  toLlmuxError,
} from '@llmux/core';
import { AbortScope } from './abort-scope.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { FailoverPolicy } from './failover-policy.js';
import { timeoutError } from './timeouts.js';
import { functionOption, numberOption, objectOption } from './validate-options.js';

/** Checks that a model answers; resolves when it does, rejects (ideally an `LlmuxError`) when not. */
export type HealthProbe = (model: LanguageModel, signal: AbortSignal) => Promise<void>;

/** The cheapest real call: one user word, at most one output token. */
export const requestProbe: HealthProbe = async (model, signal) => {
  await model.generate({
    messages: [{ role: 'user', content: 'ping' }],
    maxOutputTokens: 1,
    signal,
    metadata: { tags: ['health-check'] },
  });
};

export interface StatusUrlProbeOptions {
  /** A URL per provider (`{ anthropic: 'https://…' }`); any 2xx answer means up. */
  urls: Record<string, string>;
  fetch?: typeof globalThis.fetch;
}

/** Probes each provider at its status URL, at no token cost; providers without one get `requestProbe`. */
export function statusUrlProbe(options: StatusUrlProbeOptions): HealthProbe {
  const { urls } = objectOption(options, 'statusUrlProbe');
  if (typeof urls !== 'object' || urls === null) {
    throw invalidOption('statusUrlProbe.urls', 'an object of URLs by provider', urls);
  }
  for (const [provider, url] of Object.entries(urls)) {
    if (typeof url !== 'string' || !URL.canParse(url)) {
      throw invalidOption(`statusUrlProbe.urls.${provider}`, 'a URL', url);
    }
  }
  const fetchUrl = functionOption(options.fetch, 'statusUrlProbe.fetch', globalThis.fetch);
  return async (model, signal) => {
    const url = urls[model.provider];
    if (url === undefined) return requestProbe(model, signal);
    // Errors name the URL without its query, where a token may sit.
    const { origin, pathname } = new URL(url);
    const shown = origin + pathname;
    let response: Response;
    try {
      response = await fetchUrl(url, { signal });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new LlmuxError({
        kind: 'network',
        message: `Status URL ${shown} unreachable`,
        provider: model.provider,
        cause: error,
      });
    }
    await response.body?.cancel();
    if (!response.ok) {
      throw new LlmuxError({
        kind: kindFromStatus(response.status),
        status: response.status,
        message: `Status URL ${shown} answered ${response.status}`,
        provider: model.provider,
      });
    }
  };
}

export interface HealthCheckOptions {
  /** Time between rounds of checks. Default 30 000 ms. */
  intervalMs?: number;
  /** A check not answered by then failed with `timeout`. Default 10 000 ms. */
  timeoutMs?: number;
  /** How to check one model. Default `requestProbe`; see also `statusUrlProbe`. */
  probe?: HealthProbe;
}

export interface HealthChecker {
  /** Checks every model now, then every `intervalMs` until `stop()`. Starting twice does nothing. */
  start(): void;
  /** Stops the checks, cancels any in flight, and resolves once nothing is left running. */
  stop(): Promise<void>;
  /** One round of checks, now. */
  check(): Promise<void>;
}

export interface HealthCheckContext {
  models: LanguageModel[];
  breaker: CircuitBreaker;
  policy: FailoverPolicy;
  clock: Clock;
  observer?: Observer;
}

/**
 * Active health checks: a cheap probe per model on an interval, reported through the same circuit
 * breaker as real calls, so a provider that is down opens its circuit before a user request
 * finds out, and a half-open circuit is probed by a check rather than by a user's request. An
 * open circuit is not checked until it is due for a probe.
 */
export function createHealthChecker(
  input: HealthCheckOptions | undefined,
  context: HealthCheckContext,
  field = 'health',
): HealthChecker {
  const options = objectOption(input, field);
  const intervalMs = numberOption(options.intervalMs, `${field}.intervalMs`, { above: 0 }, 30_000);
  const timeoutMs = numberOption(options.timeoutMs, `${field}.timeoutMs`, { above: 0 }, 10_000);
  const probe = functionOption(options.probe, `${field}.probe`, requestProbe);
  const { models, breaker, policy, clock, observer } = context;

  const checkOne = async (model: LanguageModel, parent: AbortScope) => {
    const key = deploymentIdOf(model);
    const target = {
      provider: model.provider,
      model: model.modelId,
      ...deploymentField(model.provider, model.modelId, key),
    };
    const admission = await breaker.acquire(key);
    if (!admission.allowed) return;
    const scope = parent.child();
    scope.timeout(timeoutMs, () => timeoutError('no health-check answer', timeoutMs, target));
    const startedAt = clock.now();
    let error: LlmuxError | undefined;
    try {
      await scope.race(probe(model, scope.signal));
    } catch (thrown) {
      error =
        scope.reason ?? toLlmuxError(thrown, { provider: model.provider, model: model.modelId });
    } finally {
      scope.close();
    }
    const latencyMs = clock.now() - startedAt;
    if (scope.abortedByParent) {
      await breaker.record(admission.permit, 'ignore', latencyMs);
      return;
    }
    emit(observer, { type: 'health-check', ...target, ok: !error, latencyMs, at: clock.now() });
    await breaker.record(admission.permit, policy.outcomeOf(error), latencyMs);
  };

  const round = async (scope: AbortScope) => {
    await Promise.all(models.map((model) => checkOne(model, scope)));
  };

  let running: { scope: AbortScope; loop: Promise<void> } | undefined;

  return {
    start() {
      if (running) return;
      const scope = AbortScope.root(clock, undefined);
      const loop = (async () => {
        while (!scope.signal.aborted) {
          await round(scope);
          await scope.sleep(intervalMs).catch(() => {});
        }
      })();
      running = { scope, loop };
    },
    async stop() {
      if (!running) return;
      const { scope, loop } = running;
      running = undefined;
      scope.abort(
        new LlmuxError({ kind: 'cancelled', message: 'Health checks stopped', retryable: false }),
      );
      await loop;
      scope.close();
    },
    async check() {
      const scope = AbortScope.root(clock, undefined);
      try {
        await round(scope);
      } finally {
        scope.close();
      }
    },
  };
}
