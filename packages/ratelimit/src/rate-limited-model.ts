import {
  deferStream,
  deploymentField,
  deploymentIdOf,
  type GenerateResponse,
  type HeadroomSource,
  type LanguageModel,
  passStream,
  type SpendSource,
  toLlmuxError,
} from '@llmux/core';
import { type Charge, createLimiter } from './limiter.js';
import { invalidOption } from './limits.js';
import { type RateLimitOptions, resolveOptions } from './rate-limit-options.js';
import { estimateCall } from './reservation.js';
import { acquireFor, runLimited } from './run-limited.js';
import type { RateLimitStoreHealth } from './store-session.js';

/** A model behind limits, which also tells the router its headroom and spend. */
export type RateLimitedModel = LanguageModel &
  HeadroomSource &
  SpendSource & {
    /** Whether limits are counted in the store now, or alone in this process, since when and why. */
    storeHealth(): RateLimitStoreHealth;
    /**
     * Counts a call to this model made elsewhere (a provider batch's answer) against every window
     * and budget of its tenant: one request, its tokens, its cost. Never refuses or waits: the
     * call was made.
     */
    charge(call: Charge): Promise<void>;
  };

/**
 * Wraps one provider model in request, token, concurrency and spend limits. Before each call it
 * reserves the estimated tokens and cost (waiting for room or refusing with `rate_limited`, or
 * `budget_exceeded` for a spent budget); after it, it settles to the actual usage and cost, or
 * gives back what it held if the call failed, was aborted or its stream was left unread.
 */
export function rateLimit(model: LanguageModel, options: RateLimitOptions): RateLimitedModel {
  if (typeof model?.generate !== 'function' || typeof model.stream !== 'function') {
    throw invalidOption('model', 'a LanguageModel', model);
  }
  const fallback = { provider: model.provider, model: model.modelId };
  // A deployment of a model with several has its own allowance: its own counts and pauses.
  const identity = {
    ...fallback,
    ...deploymentField(model.provider, model.modelId, deploymentIdOf(model)),
  };
  const resolved = resolveOptions(options);
  const limiter = createLimiter(identity, resolved, (request, pricing) =>
    estimateCall(request, pricing, resolved.defaultMaxOutputTokens),
  );

  return {
    provider: model.provider,
    modelId: model.modelId,
    ...(identity.deployment !== undefined && { deploymentId: identity.deployment }),
    ...(model.countTokens && { countTokens: model.countTokens.bind(model) }),

    generate: (request): Promise<GenerateResponse> =>
      runLimited(
        limiter,
        request,
        fallback,
        () => model.generate(request),
        (response) => ({ finished: response, rateLimits: response.rateLimits }),
      ),

    stream: (request) =>
      deferStream(async () => {
        const reservation = await acquireFor(limiter, request, fallback);
        // Until a finish or error event ends it, leaving (the caller stopped reading) gives back.
        let ended = false;
        return passStream(model.stream(request), {
          event(event) {
            if (event.type === 'start') {
              return limiter.sawHeaders(event.rateLimits, request).then(() => event);
            }
            if (event.type === 'finish') {
              ended = true;
              return reservation.settle(event).then(() => event);
            }
            if (event.type === 'error') {
              ended = true;
              return reservation
                .release()
                .then(() => limiter.sawError(event.error, request))
                .then(() => event);
            }
            return event;
          },
          // A stream must not throw; if the wrapped one does, end it the way the contract says.
          async fail(error) {
            ended = true;
            await reservation.release();
            return { type: 'error', error: toLlmuxError(error, fallback) };
          },
          async close() {
            if (!ended) await reservation.release();
          },
        });
      }),

    headroom: (target) => limiter.headroom(target),
    peek: (target) => limiter.peekHeadroom(target),
    spend: (tenant) => limiter.spend(tenant),
    storeHealth: () => limiter.storeHealth(),
    charge: (call) => limiter.charge(call),
  };
}
