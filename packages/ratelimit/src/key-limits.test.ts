import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import type { Limits } from './limits.js';
import { ask, setup } from './test-fixtures.js';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => {
      if (!LlmuxError.isInstance(error)) throw error;
      return error;
    },
  );

const asKey = (keyId: string, tenant = 'acme') => ask({ metadata: { tenant, keyId } });

describe("rateLimit: keyLimits, an API key's own limits", () => {
  it("counts a key against its own limits beside its tenant's, looked up at every call", async () => {
    const byKey = new Map<string, Limits>([['key_a', { requestsPerMinute: 1 }]]);
    const { model, mock } = setup({
      limits: { tenant: { requestsPerMinute: 10 } },
      keyLimits: (id) => byKey.get(id),
      mode: 'fail-fast',
    });
    await model.generate(asKey('key_a'));
    const error = await failure(model.generate(asKey('key_a')));
    expect(error).toMatchObject({ kind: 'rate_limited' });
    expect(error.message).toContain('key requestsPerMinute limit of 1');
    expect(error.message).not.toContain('key_a');
    // Another key of the tenant, without limits of its own, has only the tenant's.
    await model.generate(asKey('key_b'));
    await model.generate(asKey('key_b'));
    // New limits apply at the next call, without a new limiter.
    byKey.set('key_a', { requestsPerMinute: 5 });
    await model.generate(asKey('key_a'));
    expect(mock.calls).toHaveLength(4);
  });

  it("refuses a key whose budget is spent with budget_exceeded, and spares the tenant's other keys", async () => {
    const { model } = setup({
      limits: {},
      keyLimits: (id) => (id === 'key_a' ? { spendPerMonthUsd: 0 } : undefined),
      mode: 'fail-fast',
    });
    const error = await failure(model.generate(asKey('key_a')));
    expect(error).toMatchObject({ kind: 'budget_exceeded', retryable: false });
    expect(error.message).toContain('key spendPerMonthUsd budget of $0');
    await expect(model.generate(asKey('key_b'))).resolves.toBeDefined();
  });

  it('refuses a keyId that is not a string, naming the field', async () => {
    const { model } = setup({ limits: {}, keyLimits: () => undefined });
    const error = await failure(
      model.generate(ask({ metadata: { keyId: 42 as unknown as string } })),
    );
    expect(error.message).toContain('request.metadata.keyId');
  });
});
