import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, GLOBEX_KEY, startTestGateway } from './gateway-test-setup.js';

const question = { role: 'user' as const, content: 'Is the checkout service healthy?' };
const valid = { model: 'auto', max_tokens: 64, messages: [question] };

const post = (
  url: string,
  body: string,
  headers: Record<string, string> = { 'x-api-key': ACME_KEY },
) =>
  fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });

/** A raw answer's status, `request-id` header and Anthropic error body. */
const errorOf = async (response: Response) => ({
  status: response.status,
  requestId: response.headers.get('request-id'),
  body: (await response.json()) as {
    type: string;
    error: { type: string; message: string };
    request_id: string;
  },
});

describe('/v1/messages errors, in Anthropic error bodies', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['max_tokens missing', { model: 'auto', messages: [question] }, '"max_tokens": is required'],
    ['an unknown field', { ...valid, container: 'c-1' }, '"container": is not supported'],
    ['temperature out of range', { ...valid, temperature: 1.5 }, '"temperature"'],
    ['top_k not an integer', { ...valid, top_k: 0.5 }, '"top_k"'],
    ['stop_sequences not a list', { ...valid, stop_sequences: 'END' }, '"stop_sequences"'],
    [
      'metadata beyond user_id',
      { ...valid, metadata: { user_id: 'u', team: 'sre' } },
      '"metadata.team"',
    ],
    ['an unknown service tier', { ...valid, service_tier: 'priority' }, '"service_tier"'],
    [
      'a role other than user or assistant',
      { ...valid, messages: [{ role: 'tool', content: 'x' }] },
      '"messages[0].role"',
    ],
    [
      'a document block',
      {
        ...valid,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } },
            ],
          },
        ],
      },
      '"messages[0].content[0].type": document blocks are not supported',
    ],
    [
      'an image from the Files API',
      {
        ...valid,
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'file', file_id: 'f' } }] },
        ],
      },
      '"messages[0].content[0].source.type"',
    ],
    [
      'a tool_result that answers no tool_use',
      {
        ...valid,
        messages: [
          {
            role: 'user',
            content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'ok' }],
          },
        ],
      },
      '"messages[0].content[0].tool_use_id"',
    ],
    [
      'a server tool',
      { ...valid, tools: [{ type: 'web_search_20250305', name: 'web_search' }] },
      'server tool "web_search_20250305" (web_search) is not supported',
    ],
    [
      'a tool without input_schema',
      { ...valid, tools: [{ name: 'get_status' }] },
      '"tools[0].input_schema"',
    ],
    ['a bad tool_choice', { ...valid, tool_choice: { type: 'function' } }, '"tool_choice.type"'],
    [
      'a thinking budget under 1024',
      { ...valid, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 100 } },
      '"thinking.budget_tokens": must be an integer of at least 1024',
    ],
    [
      'a thinking budget over max_tokens',
      { ...valid, max_tokens: 2000, thinking: { type: 'enabled', budget_tokens: 4000 } },
      '"thinking.budget_tokens": must be less than max_tokens',
    ],
    [
      'an effort no provider has',
      { ...valid, output_config: { effort: 'max' } },
      '"output_config.effort"',
    ],
    [
      'a cache_control of another type',
      { ...valid, cache_control: { type: 'persistent' } },
      '"cache_control"',
    ],
    [
      'a cache_control ttl',
      {
        ...valid,
        system: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral', ttl: '2h' } }],
      },
      '"system[0].cache_control.ttl"',
    ],
  ])('refuses %s with 400 BadRequestError naming the field', async (_, body, message) => {
    const { gateway } = await startTestGateway();
    const anthropic = new Anthropic({ apiKey: ACME_KEY, baseURL: gateway.url, maxRetries: 0 });
    const error = await anthropic.messages.create(body as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const { error: body400 } = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(body400).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining(message) },
      request_id: 'req-1',
    });
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(0);
  });

  it('answers malformed JSON, a missing key and an oversized body in Anthropic shape', async () => {
    const { gateway, raw } = await startTestGateway();
    const malformed = await errorOf(await post(gateway.url, '{"model": "auto", "messages": ['));
    expect(malformed).toMatchObject({
      status: 400,
      requestId: 'req-1',
      body: {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: expect.stringMatching(/^The request body is not valid JSON/),
        },
        request_id: 'req-1',
      },
    });

    const missing = await errorOf(await post(gateway.url, JSON.stringify(valid), {}));
    expect(missing).toMatchObject({
      status: 401,
      body: {
        type: 'error',
        error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') },
      },
    });
    const wrong = await errorOf(
      await post(gateway.url, JSON.stringify(valid), { 'x-api-key': 'sk-ant-wrong-key-000' }),
    );
    expect(wrong.status).toBe(401);
    expect(raw()).not.toContain('sk-ant-wrong-key-000');

    const big = { ...valid, messages: [{ role: 'user', content: 'x'.repeat(20 * 1024) }] };
    const tooLarge = await errorOf(await post(gateway.url, JSON.stringify(big)));
    expect(tooLarge).toMatchObject({
      status: 413,
      body: {
        type: 'error',
        error: { type: 'request_too_large', message: expect.stringContaining('16384 bytes') },
      },
    });

    const wrongMethod = await errorOf(
      await fetch(`${gateway.url}/v1/messages`, { headers: { 'x-api-key': ACME_KEY } }),
    );
    expect(wrongMethod).toMatchObject({
      status: 405,
      body: { type: 'error', error: { type: 'invalid_request_error' } },
    });

    const count = await errorOf(
      await fetch(`${gateway.url}/v1/messages/count_tokens`, {
        method: 'POST',
        headers: { 'x-api-key': ACME_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(valid),
      }),
    );
    expect(count).toMatchObject({
      status: 400,
      body: {
        error: { type: 'invalid_request_error', message: 'Invalid "max_tokens": is not supported' },
      },
    });
  });

  it('answers every provider down with 529 overloaded_error, streamed or not, listing the attempts', async () => {
    const { gateway } = await startTestGateway();
    for (const simulator of Object.values(gateway.stack.simulators))
      simulator.configure({ outage: true });
    const plain = await errorOf(await post(gateway.url, JSON.stringify(valid)));
    expect(plain.status).toBe(529);
    expect(plain.body.error).toMatchObject({
      type: 'overloaded_error',
      llmux_attempts: expect.arrayContaining([expect.objectContaining({ provider: 'openai' })]),
    });
    const streamed = await post(gateway.url, JSON.stringify({ ...valid, stream: true }));
    expect(streamed.status).toBe(529);
    expect(streamed.headers.get('content-type')).toContain('application/json');

    const anthropic = new Anthropic({ apiKey: ACME_KEY, baseURL: gateway.url, maxRetries: 0 });
    const error = await anthropic.messages.create(valid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.InternalServerError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
  });

  it('answers a spent budget with 402 billing_error and a rate limit with 429 and retry-after', async () => {
    const { gateway } = await startTestGateway({
      config: {
        rateLimits: {
          mode: 'fail-fast',
          limits: {
            tenant: { requestsPerMinute: 1 },
            tenants: { globex: { spendPerMonthUsd: 0 } },
          },
        },
      },
    });
    const budget = await errorOf(
      await post(gateway.url, JSON.stringify(valid), { 'x-api-key': GLOBEX_KEY }),
    );
    expect(budget).toMatchObject({ status: 402, body: { error: { type: 'billing_error' } } });

    await post(gateway.url, JSON.stringify(valid));
    const limited = await post(gateway.url, JSON.stringify(valid));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await errorOf(limited)).toMatchObject({
      status: 429,
      body: { error: { type: 'rate_limit_error' } },
    });
  });
});
