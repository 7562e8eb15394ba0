import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { drawDuration, validateBehavior } from './behavior.js';

describe('validateBehavior', () => {
  it.each([
    [{ latencyMs: -1 }, 'latencyMs'],
    [{ latencyMs: { min: 10, max: 5 } }, 'latencyMs'],
    [{ latencyMs: { min: Number.NaN, max: 5 } }, 'latencyMs.min'],
    [{ timeToFirstTokenMs: Number.POSITIVE_INFINITY }, 'timeToFirstTokenMs'],
    [{ chunkIntervalMs: -5 }, 'chunkIntervalMs'],
    [{ chunkSize: 0 }, 'chunkSize'],
    [{ chunkSize: 1.5 }, 'chunkSize'],
    [{ limits: { requestsPerMinute: 0 } }, 'limits.requestsPerMinute'],
    [{ limits: { tokensPerMinute: -3 } }, 'limits.tokensPerMinute'],
    [{ reply: 'hello' as never }, 'reply'],
  ])('refuses %j naming %s', (change, field) => {
    const attempt = () => validateBehavior(change);
    expect(attempt).toThrow(LlmuxError);
    expect(attempt).toThrow(`"${field}"`);
  });

  it('accepts a complete valid change', () => {
    expect(() =>
      validateBehavior({
        latencyMs: { min: 0, max: 10 },
        timeToFirstTokenMs: 5,
        chunkIntervalMs: 1,
        chunkSize: 3,
        reply: () => ({ text: 'x' }),
        limits: { requestsPerMinute: 1, tokensPerMinute: 100 },
      }),
    ).not.toThrow();
  });
});

describe('drawDuration', () => {
  it('returns a fixed duration as is', () => {
    expect(drawDuration(42, () => 0.9)).toBe(42);
  });

  it('draws uniformly over the whole range, both ends included', () => {
    const range = { min: 100, max: 300 };
    expect(drawDuration(range, () => 0)).toBe(100);
    expect(drawDuration(range, () => 0.5)).toBe(200);
    expect(drawDuration(range, () => 0.999_999)).toBe(300);
  });
});
