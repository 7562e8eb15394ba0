import type { Clock } from '@llmux/core';
import type { SimulatorBehavior } from './behavior.js';
import { createRateWindow } from './rate-window.js';
import type { RateLimitState } from './types.js';

export interface Admission {
  allowed: boolean;
  /** Milliseconds to wait before a retry can pass (refused calls). */
  retryAfterMs: number;
  /** Which limit refused the call. */
  refusedBy?: 'requests' | 'tokens';
  state: RateLimitState;
}

/**
 * Requests-per-minute and tokens-per-minute enforcement over sliding windows. Tokens count the
 * input on admission (a call is refused when its input does not fit) and the output once known.
 */
export function createRateLimits(clock: Clock) {
  const requests = createRateWindow(clock);
  const tokens = createRateWindow(clock);

  const state = (limits: SimulatorBehavior['limits'], inputTokens = 0): RateLimitState => {
    const result: RateLimitState = {};
    if (limits.requestsPerMinute !== undefined) {
      result.requestsLimit = limits.requestsPerMinute;
      result.requestsRemaining = Math.max(0, limits.requestsPerMinute - requests.used());
      result.requestsResetMs = requests.msUntilRoom(1, limits.requestsPerMinute);
    }
    if (limits.tokensPerMinute !== undefined) {
      result.tokensLimit = limits.tokensPerMinute;
      result.tokensRemaining = Math.max(0, limits.tokensPerMinute - tokens.used());
      result.tokensResetMs = tokens.msUntilRoom(Math.max(1, inputTokens), limits.tokensPerMinute);
    }
    return result;
  };

  return {
    /** Admits a call with this many input tokens and counts it, or refuses it. */
    admit(limits: SimulatorBehavior['limits'], inputTokens: number): Admission {
      const { requestsPerMinute: rpm, tokensPerMinute: tpm } = limits;
      const requestWait = rpm === undefined ? 0 : requests.msUntilRoom(1, rpm);
      const tokenWait = tpm === undefined ? 0 : tokens.msUntilRoom(inputTokens, tpm);
      if (requestWait > 0 || tokenWait > 0) {
        return {
          allowed: false,
          retryAfterMs: Math.max(requestWait, tokenWait),
          refusedBy: requestWait > 0 ? 'requests' : 'tokens',
          state: state(limits, inputTokens),
        };
      }
      requests.add(1);
      tokens.add(inputTokens);
      return { allowed: true, retryAfterMs: 0, state: state(limits) };
    },
    /** Counts output tokens of an admitted call. */
    spend(outputTokens: number): void {
      tokens.add(outputTokens);
    },
    state,
    clear(): void {
      requests.clear();
      tokens.clear();
    },
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
