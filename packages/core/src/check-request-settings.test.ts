import { describe, expect, it } from 'vitest';
import { checkRequestSettings } from './check-request-settings.js';
import type { GenerateRequest } from './request.js';

const request = (extra: Record<string, unknown>) =>
  ({ messages: [{ role: 'user', content: 'hi' }], ...extra }) as GenerateRequest;

describe('checkRequestSettings', () => {
  it('takes valid settings and none at all', () => {
    expect(() => checkRequestSettings(request({}))).not.toThrow();
    expect(() =>
      checkRequestSettings(
        request({
          frequencyPenalty: -2,
          presencePenalty: 1.5,
          reasoning: { effort: 'minimal', budgetTokens: 0 },
          parallelToolCalls: false,
          logprobs: { top: 20 },
          serviceTier: 'flex',
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    [{ frequencyPenalty: 3 }, '"frequencyPenalty": expected a number from -2 to 2, got 3'],
    [{ presencePenalty: '1' }, '"presencePenalty": expected a number from -2 to 2, got "1"'],
    [{ reasoning: 'high' }, '"reasoning": expected an object, got "high"'],
    [{ reasoning: { effort: 'max' } }, '"reasoning.effort": expected one of none, minimal'],
    [{ reasoning: { budgetTokens: 1.5 } }, '"reasoning.budgetTokens": expected an integer >= 0'],
    [{ parallelToolCalls: 'no' }, '"parallelToolCalls": expected a boolean, got "no"'],
    [{ logprobs: true }, '"logprobs": expected an object, got true'],
    [{ logprobs: { top: 21 } }, '"logprobs.top": expected an integer from 0 to 20, got 21'],
    [{ serviceTier: 'scale' }, '"serviceTier": expected one of auto, default, flex, priority'],
  ])('refuses %j naming the field', (extra, message) => {
    expect(() => checkRequestSettings(request(extra))).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(message),
      }),
    );
  });
});
