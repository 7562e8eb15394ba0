import type { AttemptRecord, RoutePlan } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { answeredReason } from './route-reason.js';

const route: RoutePlan = {
  reason: 'rule "triage" → anthropic/claude-haiku-4-5',
  candidates: [
    { provider: 'anthropic', model: 'claude-haiku-4-5', reason: 'chosen by rule "triage"' },
    { provider: 'openai', model: 'gpt-5-mini', reason: 'fallback' },
  ],
};
const attempt = (
  provider: string,
  model: string,
  outcome: AttemptRecord['outcome'],
  errorKind?: AttemptRecord['errorKind'],
): AttemptRecord => ({
  provider,
  model,
  attempt: 1,
  startedAt: 0,
  latencyMs: 1,
  outcome,
  ...(errorKind && { errorKind }),
});

describe('answeredReason', () => {
  it("keeps the plan's reason when its first choice answered, retries or not", () => {
    const attempts = [
      attempt('anthropic', 'claude-haiku-4-5', 'error', 'server_error'),
      attempt('anthropic', 'claude-haiku-4-5', 'success'),
    ];
    expect(answeredReason(route, attempts)).toBe(route.reason);
  });

  it('names who answered after a failover, and what failed before', () => {
    const attempts = [
      attempt('anthropic', 'claude-haiku-4-5', 'error', 'server_error'),
      attempt('anthropic', 'claude-haiku-4-5', 'error', 'server_error'),
      attempt('openai', 'gpt-5-mini', 'success'),
    ];
    expect(answeredReason(route, attempts)).toBe(
      'rule "triage" → anthropic/claude-haiku-4-5; answered by openai/gpt-5-mini after anthropic/claude-haiku-4-5 server_error',
    );
  });

  it('keeps the reason of a request that failed everywhere', () => {
    expect(answeredReason(route, [attempt('openai', 'gpt-5-mini', 'error', 'timeout')])).toBe(
      route.reason,
    );
  });
});
