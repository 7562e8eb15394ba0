/**
 * The whole stack of the design, built from mock models on one manual clock, for the composed
 * test: `observe( cache( router( rules → failover( [ ratelimit(claude), ratelimit(openai),
 * ratelimit(gemini) ] ) ) ) )`. Not exported from the package.
 */
import {
  createManualClock,
  createMemoryHealthStore,
  type GenerateRequest,
  type LlmuxEvent,
  type LlmuxEventType,
  observe,
  type RequestRecord,
  sequentialIds,
} from '@llmux/core';
import { createFailover, type FailoverOptions } from '@llmux/failover';
import {
  combineHeadroom,
  createMemoryStore,
  type LimitsByScope,
  type RateLimitOptions,
  rateLimit,
} from '@llmux/ratelimit';
import { budgetGuardRules, createRouter, type RouterOptions, startingPolicy } from '@llmux/router';
import { createMockModel, type MockModel } from '@llmux/testkit';
import { createCache } from './cache-model.js';

export const TENANT = 'acme';

export interface StackOptions {
  rateLimit?: Partial<RateLimitOptions>;
  /** Limits for Claude's limiter alone, in place of the shared ones. */
  claudeLimits?: LimitsByScope;
  failover?: Partial<FailoverOptions>;
  router?: Partial<RouterOptions>;
  /** Gives the Claude mock an exact token counter answering this. */
  claudeCounts?: number;
  /** Has the router count input tokens with the failover model it wraps. */
  routerCountsTokens?: boolean;
}

export function composedStack(options: StackOptions = {}) {
  const clock = createManualClock(Date.parse('2026-03-02T10:00:00Z'));
  const events: LlmuxEvent[] = [];
  const observer = (event: LlmuxEvent) => events.push(event);
  const mock = (provider: string, modelId: string): MockModel =>
    createMockModel({ provider, modelId, clock });
  const claude = mock('anthropic', 'claude-sonnet-4-6');
  const gpt = mock('openai', 'gpt-5');
  const gemini = mock('gemini', 'gemini-2.5-pro');
  const { claudeCounts } = options;
  const claudeModel =
    claudeCounts === undefined ? claude : { ...claude, countTokens: async () => claudeCounts };

  const limitStore = createMemoryStore();
  const limited = [claudeModel, gpt, gemini].map((model) =>
    rateLimit(model, {
      store: limitStore,
      clock,
      observer,
      mode: 'fail-fast',
      limits: {
        model: { requestsPerMinute: 100, tokensPerMinute: 100_000, concurrentRequests: 4 },
        tenant: { spendPerMonthUsd: 1 },
      },
      ...options.rateLimit,
      ...(model.provider === 'anthropic' &&
        options.claudeLimits && { limits: options.claudeLimits }),
    }),
  );
  const health = createMemoryHealthStore({ clock });
  const failover = createFailover({
    models: limited,
    retry: { maxAttempts: 1 },
    clock,
    random: () => 0.5,
    observer,
    ...options.failover,
    breaker: { ...options.failover?.breaker, store: health },
  });
  const router = createRouter({
    ...startingPolicy,
    rules: [...budgetGuardRules, ...startingPolicy.rules],
    model: failover,
    health,
    headroom: combineHeadroom(limited),
    spend: limited[0],
    clock,
    observer,
    ...(options.routerCountsTokens && { tokenCounter: failover }),
    ...options.router,
  });
  const cached = createCache(router, { clock, observer });
  const model = observe(cached, { observer, clock, ids: sequentialIds('req') });

  const of = <K extends LlmuxEventType>(type: K) =>
    events.filter((e): e is Extract<LlmuxEvent, { type: K }> => e.type === type);
  const records = (): RequestRecord[] => of('request-end').map((e) => e.record);
  const ask = (content: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
    messages: [{ role: 'user', content }],
    metadata: { tenant: TENANT },
    ...extra,
  });
  return {
    clock,
    claude,
    gpt,
    gemini,
    limited,
    health,
    failover,
    router,
    model,
    events,
    of,
    records,
    ask,
  };
}
