import { describe, expect, it } from 'vitest';
import { ACME_KEY, startTestGateway, testConfig } from '../gateway/gateway-test-setup.js';
import {
  ADMIN_KEY,
  adminClient,
  adminEnv,
  ask,
  failure,
  tenantClient,
} from './admin-test-setup.js';

/** Refusals for rate limits answer at once rather than wait on the test's manual clock. */
const failFast = { rateLimits: { ...testConfig.rateLimits, mode: 'fail-fast' } };

const startWithAdmin = () => startTestGateway({ env: adminEnv, config: failFast });

describe('the admin API: keys made, used, listed, rotated and revoked without a restart', () => {
  it('makes a key whose secret is shown once, and the OpenAI SDK calls with it at once', async () => {
    const { gateway } = await startWithAdmin();
    const admin = adminClient(gateway.url);
    const made = await admin.create({
      tenant: 'initech',
      name: 'ci bot',
      metadata: { team: 'platform' },
    });
    expect(made.secret).toMatch(/^llmux-sk-[A-Za-z0-9_-]{43}$/);
    expect(made).toMatchObject({
      object: 'api_key',
      tenant: 'initech',
      name: 'ci bot',
      prefix: `${made.secret!.slice(0, 13)}…`,
      metadata: { team: 'platform' },
      createdAt: '2026-11-25T10:00:00.000Z',
      revokedAt: null,
    });

    const client = tenantClient(gateway.url, made.secret!);
    const { data, response } = await ask(client).withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(response.headers.get('x-llmux-tenant')).toBe('initech');

    // Listing and reading show the prefix, never the secret nor its digest.
    const listed = await admin.list();
    expect(listed.map((key) => key.id)).toEqual([made.id]);
    const { secret: _, ...shown } = made;
    expect(listed[0]).toEqual(shown);
    expect(await admin.get(made.id)).toEqual(shown);
    expect(JSON.stringify(listed)).not.toContain(made.secret!.slice(13));
  });

  it('revokes a key: refused with 401 at once, and the revocation is kept', async () => {
    const { gateway } = await startWithAdmin();
    const admin = adminClient(gateway.url);
    const made = await admin.create({ tenant: 'initech' });
    const client = tenantClient(gateway.url, made.secret!);
    await ask(client);
    const revoked = await admin.revoke(made.id);
    expect(revoked.revokedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(await failure(ask(client))).toMatchObject({
      status: 401,
      code: 'invalid_api_key',
      message: 'This API key was revoked',
    });
    // A revoked key cannot be brought back by a rotation.
    expect(await admin.call('POST', `/${made.id}/rotate`)).toMatchObject({
      status: 409,
      body: { error: { code: 'key_revoked' } },
    });
  });

  it('rotates a key: the old secret works for the grace period only, the new one from now on', async () => {
    const { gateway, clock } = await startWithAdmin();
    const admin = adminClient(gateway.url);
    const made = await admin.create({ tenant: 'initech' });
    const rotated = await admin.rotate(made.id, { gracePeriodSeconds: 60 });
    expect(rotated.secret).not.toBe(made.secret);
    expect(rotated.previousKey).toEqual({
      prefix: made.prefix,
      validUntil: '2026-11-25T10:01:00.000Z',
    });
    const before = tenantClient(gateway.url, made.secret!);
    const after = tenantClient(gateway.url, rotated.secret!);
    await ask(before);
    await ask(after);
    await clock.advance(60_000);
    expect(await failure(ask(before))).toMatchObject({
      status: 401,
      message: 'This API key was rotated: use its new secret',
    });
    await ask(after);

    // Without a grace period the replaced secret is dead at once.
    const again = await admin.rotate(made.id);
    expect(again.previousKey).toBeNull();
    expect((await failure(ask(after))).status).toBe(401);
    await ask(tenantClient(gateway.url, again.secret!));
  });

  it('refuses a key past its expiry with 401 expired_api_key', async () => {
    const { gateway, clock } = await startWithAdmin();
    const made = await adminClient(gateway.url).create({
      tenant: 'initech',
      expiresAt: '2026-11-25T11:00:00Z',
    });
    const client = tenantClient(gateway.url, made.secret!);
    await ask(client);
    await clock.advance(3_600_000);
    expect(await failure(ask(client))).toMatchObject({
      status: 401,
      code: 'expired_api_key',
      message: 'This API key expired at 2026-11-25T11:00:00.000Z',
    });
  });

  it('keeps a key to its allowed models: another is a 403 naming it, and /v1/models lists only those', async () => {
    const { gateway } = await startWithAdmin();
    const made = await adminClient(gateway.url).create({
      tenant: 'initech',
      allowedModels: ['gpt-5', 'gemini/gemini-2.5-pro'],
    });
    const client = tenantClient(gateway.url, made.secret!);
    // A model listed by its bare id answers to its full name too.
    await ask(client, 'openai/gpt-5');
    await ask(client, 'gemini-2.5-pro');
    expect(await failure(ask(client, 'anthropic/claude-sonnet-4-6'))).toMatchObject({
      status: 403,
      type: 'permission_error',
      code: 'model_not_allowed',
      message:
        'This API key may not use the model "anthropic/claude-sonnet-4-6"; it may use gpt-5, gemini/gemini-2.5-pro',
    });
    // `auto` lets the router choose any model: not listed, not allowed.
    expect((await failure(ask(client, 'auto'))).status).toBe(403);
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['openai/gpt-5', 'gemini/gemini-2.5-pro']);
    expect((await failure(client.models.retrieve('anthropic/claude-sonnet-4-6'))).status).toBe(404);
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(0);
  });

  it('keeps a key to its allowed models on every route: messages and embeddings too', async () => {
    const embeddings = {
      groups: { default: { candidates: ['openai/text-embedding-3-small'], dimensions: 768 } },
    };
    const { gateway } = await startTestGateway({
      env: adminEnv,
      config: { ...failFast, embeddings },
    });
    const made = await adminClient(gateway.url).create({
      tenant: 'initech',
      allowedModels: ['gpt-5'],
    });
    const client = tenantClient(gateway.url, made.secret!);
    expect(await failure(client.embeddings.create({ model: 'auto', input: 'x' }))).toMatchObject({
      status: 403,
      code: 'model_not_allowed',
    });
    const messages = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': made.secret!, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 16,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(messages.status).toBe(403);
    expect(await messages.json()).toMatchObject({ error: { type: 'permission_error' } });
    expect(gateway.stack.simulators.openai!.counters.requests).toBe(0);
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(0);
  });

  it("applies a key's own budget (402) and rate limits (429), its tenant's other keys untouched", async () => {
    const { gateway } = await startWithAdmin();
    const admin = adminClient(gateway.url);
    const broke = await admin.create({ tenant: 'initech', budgetUsd: 0 });
    expect(await failure(ask(tenantClient(gateway.url, broke.secret!)))).toMatchObject({
      status: 402,
      type: 'insufficient_quota',
      code: 'budget_exceeded',
    });
    const slow = await admin.create({ tenant: 'initech', limits: { requestsPerMinute: 1 } });
    const client = tenantClient(gateway.url, slow.secret!);
    await ask(client);
    expect(await failure(ask(client))).toMatchObject({ status: 429, code: 'rate_limited' });
    const free = await admin.create({ tenant: 'initech' });
    await ask(tenantClient(gateway.url, free.secret!));
    // A batch would be charged to the tenant past the key's own limits: refused.
    const batch = await tenantClient(gateway.url, slow.secret!)
      .batches.create({
        input_file_id: 'file-x',
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      })
      .then(
        () => undefined,
        (error: { status: number }) => error.status,
      );
    expect(batch).toBe(403);
  });

  it('takes the admin key only: missing, wrong or tenant keys are 401, and the admin key is no tenant key', async () => {
    const { gateway } = await startWithAdmin();
    const made = await adminClient(gateway.url).create({ tenant: 'initech' });
    for (const key of [null, 'llmux-wrong-admin-0123456789', ACME_KEY, made.secret!]) {
      const reply = await adminClient(gateway.url, key).call('GET', '');
      expect(reply).toMatchObject({
        status: 401,
        body: { error: { type: 'authentication_error', code: 'invalid_api_key' } },
      });
    }
    expect((await failure(ask(tenantClient(gateway.url, ADMIN_KEY)))).status).toBe(401);
  });

  it('answers 403 on every admin route while no admin key is set', async () => {
    const { gateway } = await startTestGateway();
    const reply = await adminClient(gateway.url).call('POST', '', { tenant: 'initech' });
    expect(reply).toMatchObject({
      status: 403,
      body: { error: { type: 'permission_error', code: 'admin_api_disabled' } },
    });
    expect(reply.body.error.message).toContain('LLMUX_ADMIN_KEY');
  });

  it('refuses bad input with a 4xx naming the field, in the OpenAI error shape', async () => {
    const { gateway } = await startWithAdmin();
    const admin = adminClient(gateway.url);
    const cases: Array<[unknown, string]> = [
      [{}, 'tenant'],
      [{ tenant: 'a', budget: 5 }, 'budget'],
      [{ tenant: 'a', budgetUsd: -1 }, 'budgetUsd'],
      [{ tenant: 'a', limits: { requestsPerMinute: 1.5 } }, 'limits.requestsPerMinute'],
      [{ tenant: 'a', limits: { rpm: 5 } }, 'limits.rpm'],
      [{ tenant: 'a', allowedModels: [] }, 'allowedModels'],
      [{ tenant: 'a', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ tenant: 'a', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
      [{ tenant: 'a', metadata: { team: 7 } }, 'metadata'],
    ];
    for (const [body, param] of cases) {
      const reply = await admin.call('POST', '', body);
      expect(reply, JSON.stringify(body)).toMatchObject({
        status: 400,
        body: { error: { type: 'invalid_request_error', param } },
      });
    }
    const made = await admin.create({ tenant: 'initech' });
    expect(
      await admin.call('POST', `/${made.id}/rotate`, { gracePeriodSeconds: -1 }),
    ).toMatchObject({ status: 400, body: { error: { param: 'gracePeriodSeconds' } } });
    expect((await admin.call('GET', '/key_nope')).status).toBe(404);
    expect((await admin.call('DELETE', '/key_nope')).status).toBe(404);
    expect((await admin.call('PUT', `/${made.id}`)).status).toBe(405);
    expect((await admin.call('GET', `/${made.id}/other`)).status).toBe(404);
    expect(await admin.list()).toHaveLength(1);
  });

  it('keeps secrets out of the log and of error messages', async () => {
    const { gateway, raw } = await startWithAdmin();
    const made = await adminClient(gateway.url).create({ tenant: 'initech' });
    const client = tenantClient(gateway.url, made.secret!);
    // A secret pasted where a model goes comes back redacted.
    const echoed = await failure(ask(client, made.secret!));
    expect(echoed.message).toContain('llmux-sk-[redacted]');
    expect(echoed.message).not.toContain(made.secret!);
    await adminClient(gateway.url).revoke(made.id);
    await failure(ask(client));
    expect(raw()).toContain(`"keyId":"${made.id}"`);
    expect(raw()).not.toContain(made.secret!.slice(13));
    expect(raw()).not.toContain(ADMIN_KEY);
  });
});
