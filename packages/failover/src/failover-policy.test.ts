import { errorKinds, isTransientKind, LlmuxError, markLocalRefusal } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createFailoverPolicy, defaultFailoverKinds, isCapacitySignal } from './failover-policy.js';
import { testCatalog } from './test-support.js';

const error = (kind: LlmuxError['kind']) => new LlmuxError({ kind, message: kind });
const small = { provider: 'alpha', model: 'a-small' };
const medium = { provider: 'beta', model: 'b-medium' };
const large = { provider: 'gamma', model: 'c-large' };
const unknown = { provider: 'delta', model: 'unlisted' };

describe('createFailoverPolicy', () => {
  const policy = createFailoverPolicy(undefined, testCatalog);

  it('moves on from rate limits, overloads, server errors, timeouts and network failures', () => {
    for (const kind of [
      'rate_limited',
      'overloaded',
      'server_error',
      'timeout',
      'network',
    ] as const) {
      expect(policy.canMoveOn(error(kind), large, small)).toBe(true);
      expect(policy.isProviderFailure(error(kind))).toBe(true);
    }
  });

  it('does not move on from errors the next provider would repeat', () => {
    for (const kind of [
      'invalid_request',
      'content_filtered',
      'cancelled',
      'budget_exceeded',
    ] as const) {
      expect(policy.canMoveOn(error(kind), small, large)).toBe(false);
      expect(policy.isProviderFailure(error(kind))).toBe(false);
    }
  });

  it('moves on from a context-length error only to a larger context window', () => {
    const tooLong = error('context_length_exceeded');
    expect(policy.canMoveOn(tooLong, small, medium)).toBe(true);
    expect(policy.canMoveOn(tooLong, medium, large)).toBe(true);
    expect(policy.canMoveOn(tooLong, medium, small)).toBe(false);
    expect(policy.canMoveOn(tooLong, medium, medium)).toBe(false);
    expect(policy.canMoveOn(tooLong, small, unknown)).toBe(false);
    expect(policy.canMoveOn(tooLong, unknown, large)).toBe(false);
  });

  it('classifies outcomes for health: cancelled says nothing, a refused request shows the provider up', () => {
    expect(policy.outcomeOf(undefined)).toBe('success');
    expect(policy.outcomeOf(error('cancelled'))).toBe('ignore');
    expect(policy.outcomeOf(error('server_error'))).toBe('failure');
    expect(policy.outcomeOf(error('invalid_request'))).toBe('success');
  });

  it('holds a capacity signal (429, overloaded) against no circuit: busy is not broken', () => {
    for (const kind of ['rate_limited', 'overloaded'] as const) {
      expect(isCapacitySignal(error(kind))).toBe(true);
      expect(policy.outcomeOf(error(kind))).toBe('ignore');
      expect(policy.outcomeOf(new LlmuxError({ kind, message: '', retryAfterMs: 100 }))).toBe(
        'ignore',
      );
      expect(policy.canMoveOn(error(kind), large, small)).toBe(true);
    }
    for (const kind of ['server_error', 'timeout', 'network'] as const) {
      expect(isCapacitySignal(error(kind))).toBe(false);
      expect(policy.outcomeOf(error(kind))).toBe('failure');
    }
  });

  it('does not hold a refusal of a layer of llmux (a rate limiter) against the provider', () => {
    for (const kind of [
      'rate_limited',
      'server_error',
      'budget_exceeded',
      'invalid_request',
    ] as const) {
      expect(policy.outcomeOf(markLocalRefusal(error(kind)))).toBe('ignore');
    }
  });

  it('moves on from a rate limiter’s spent budget, which another model may not share', () => {
    expect(policy.canMoveOn(markLocalRefusal(error('budget_exceeded')), small, large)).toBe(true);
    expect(policy.canMoveOn(error('budget_exceeded'), small, large)).toBe(false);
    expect(policy.canMoveOn(markLocalRefusal(error('invalid_request')), small, large)).toBe(false);
  });

  it('takes the kinds that move on as an option', () => {
    const strict = createFailoverPolicy(['overloaded'], testCatalog);
    expect(strict.canMoveOn(error('rate_limited'), small, large)).toBe(false);
    expect(strict.canMoveOn(error('overloaded'), small, large)).toBe(true);
    // Core's transient kinds, and the three that are about one provider's account or model.
    expect(defaultFailoverKinds.filter((kind) => !isTransientKind(kind))).toEqual([
      'authentication',
      'permission',
      'not_found',
    ]);
    expect(errorKinds.filter(isTransientKind).every((k) => defaultFailoverKinds.includes(k))).toBe(
      true,
    );
  });

  it('rejects unknown kinds, naming the entry', () => {
    expect(() => createFailoverPolicy(['overloaded', 'nope' as never], testCatalog)).toThrow(
      /"failoverOn\[1\]": expected one of rate_limited/,
    );
    expect(() => createFailoverPolicy('overloaded' as never, testCatalog)).toThrow(/"failoverOn"/);
  });
});
