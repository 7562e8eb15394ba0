import { approximateTokens } from '@llmux/core';
import type { SimRequest } from '@llmux/testkit';
import { describe, expect, it } from 'vitest';
import { incidentAnswer } from './simulated-answers.js';

const request = (promptText: string, maxOutputTokens?: number) =>
  ({ promptText, maxOutputTokens }) as SimRequest;

describe('incidentAnswer', () => {
  it('answers the same prompt the same way', () => {
    expect(incidentAnswer(request('checkout is down', 300))).toEqual(
      incidentAnswer(request('checkout is down', 300)),
    );
    expect(incidentAnswer(request('checkout is down', 300))).not.toEqual(
      incidentAnswer(request('payments is down', 300)),
    );
  });

  it('fills 30% to 90% of the output budget', () => {
    for (let i = 0; i < 50; i++) {
      const tokens = approximateTokens(incidentAnswer(request(`prompt ${i}`, 1_000)).text ?? '');
      expect(tokens).toBeGreaterThanOrEqual(300);
      expect(tokens).toBeLessThanOrEqual(900);
    }
    const unbounded = approximateTokens(incidentAnswer(request('no budget')).text ?? '');
    expect(unbounded).toBeLessThanOrEqual(360);
  });
});
