import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, GLOBEX_KEY, startTestGateway } from './gateway-test-setup.js';

const messages = [{ role: 'user' as const, content: 'Is the checkout service healthy?' }];

/** The rejection of a call through the SDK, as an `APIError`. */
const refusal = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
};

const post = (url: string, body: string, key = ACME_KEY) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body,
  });

describe('gateway errors, as OpenAI error bodies', () => {
  it('refuses a missing or wrong key with 401, and never echoes or logs it', async () => {
    const { gateway, raw } = await startTestGateway();
    const wrong = new OpenAI({
      apiKey: 'sk-not-a-tenant-key-42',
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
    });
    const error = await refusal(wrong.chat.completions.create({ model: 'auto', messages }));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.error).toMatchObject({ type: 'authentication_error', code: 'invalid_api_key' });
    expect(JSON.stringify(error.error)).not.toContain('sk-not-a-tenant-key-42');

    const none = await fetch(`${gateway.url}/v1/models`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { message: string } }).error.message).toContain(
      'Bearer',
    );

    expect(raw()).toContain('"code":"invalid_api_key"');
    expect(raw()).not.toContain('sk-not-a-tenant-key-42');
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(0);
  });

  it('refuses an oversized body with 413', async () => {
    const { client, gateway } = await startTestGateway();
    const big = [{ role: 'user' as const, content: 'x'.repeat(20 * 1024) }];
    const error = await refusal(client.chat.completions.create({ model: 'auto', messages: big }));
    expect(error.status).toBe(413);
    expect(error.error).toMatchObject({ code: 'request_too_large', type: 'invalid_request_error' });
    expect(error.message).toContain('16384 bytes');
    // The connection stays usable: the next request on it is answered.
    await expect(
      client.chat.completions.create({ model: 'auto', messages }),
    ).resolves.toBeDefined();
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(1);
  });

  it('refuses malformed JSON and invalid fields with 400, naming the field', async () => {
    const { client, gateway } = await startTestGateway();
    const malformed = await post(gateway.url, '{"model": "auto", "messages": [');
    expect(malformed.status).toBe(400);
    const body = (await malformed.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({
      code: 'invalid_json',
      type: 'invalid_request_error',
      param: null,
    });
    expect(String(body.error.message)).toMatch(/^The request body is not valid JSON/);
    expect(String(body.error.message)).not.toMatch(/\n\s+at /);

    const badRole = await refusal(
      client.chat.completions.create({
        model: 'auto',
        messages: [{ role: 'robot', content: 'hi' } as never],
      }),
    );
    expect(badRole).toBeInstanceOf(OpenAI.BadRequestError);
    expect(badRole.param).toBe('messages[0].role');
    expect(badRole.message).toContain('must be one of system, developer, user, assistant, tool');

    const badTemperature = await refusal(
      client.chat.completions.create({ model: 'auto', messages, temperature: 7 }),
    );
    expect(badTemperature.param).toBe('temperature');

    const orphanResult = await refusal(
      client.chat.completions.create({
        model: 'auto',
        messages: [...messages, { role: 'tool', tool_call_id: 'call_1', content: 'ok' }],
      }),
    );
    expect(orphanResult.param).toBe('messages[1].tool_call_id');

    const notAnObject = await post(gateway.url, '[1, 2]');
    expect(notAnObject.status).toBe(400);
  });

  it('answers an unknown model with 404 model_not_found, listing the models', async () => {
    const { client } = await startTestGateway();
    const error = await refusal(client.chat.completions.create({ model: 'gpt-2', messages }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error.error).toMatchObject({ code: 'model_not_found', param: 'model' });
    expect(error.message).toContain('auto, anthropic/claude-haiku-4-5');
  });

  it('answers 503 all_attempts_failed when every provider is down, streamed or not', async () => {
    const { client, gateway } = await startTestGateway();
    for (const simulator of Object.values(gateway.stack.simulators))
      simulator.configure({ outage: true });
    const error = await refusal(client.chat.completions.create({ model: 'auto', messages }));
    expect(error.status).toBe(503);
    const detail = error.error as { code: string; llmux_attempts: Array<{ provider: string }> };
    expect(detail.code).toBe('all_attempts_failed');
    expect(detail.llmux_attempts.map((a) => a.provider)).toEqual(
      expect.arrayContaining(['anthropic', 'openai', 'gemini']),
    );
    const streamed = await refusal(
      client.chat.completions.create({ model: 'auto', messages, stream: true }),
    );
    expect(streamed.status).toBe(503);
  });

  it('answers 402 budget_exceeded for a tenant whose budget is spent', async () => {
    const { gateway } = await startTestGateway();
    const globex = new OpenAI({ apiKey: GLOBEX_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const error = await refusal(globex.chat.completions.create({ model: 'auto', messages }));
    expect(error.status).toBe(402);
    expect(error.error).toMatchObject({ code: 'budget_exceeded', type: 'insufficient_quota' });
  });

  it('answers 429 rate_limited with retry-after when a tenant is over its limit', async () => {
    const { client } = await startTestGateway({
      config: { rateLimits: { mode: 'fail-fast', limits: { tenant: { requestsPerMinute: 1 } } } },
    });
    await client.chat.completions.create({ model: 'auto', messages });
    const error = await refusal(client.chat.completions.create({ model: 'auto', messages }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.error).toMatchObject({ code: 'rate_limited', type: 'rate_limit_error' });
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const { gateway } = await startTestGateway();
    expect((await fetch(`${gateway.url}/v2/anything`)).status).toBe(404);
    expect((await fetch(`${gateway.url}/__proto__`)).status).toBe(404);
    const wrong = await fetch(`${gateway.url}/v1/chat/completions`);
    expect(wrong.status).toBe(405);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
      'method_not_allowed',
    );
  });
});
