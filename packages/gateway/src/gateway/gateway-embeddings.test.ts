import { simulatedEmbedding } from '@llmux/testkit';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, GLOBEX_KEY, startTestGateway } from './gateway-test-setup.js';

/** The default group of the shipped configuration: both providers' models at 768. */
const embeddings = {
  groups: {
    default: {
      candidates: ['openai/text-embedding-3-small', 'gemini/gemini-embedding-001'],
      dimensions: 768,
    },
  },
};

const start = () => startTestGateway({ config: { embeddings } });

/** float32 rounding, as base64 carries a vector. */
const asFloat32 = (vector: number[]) => Array.from(new Float32Array(vector));

const refusal = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
};

type WithSummary = { llmux: Record<string, unknown> };

describe('POST /v1/embeddings through the official OpenAI SDK', () => {
  it("answers the SDK's default base64 request, which it decodes, in input order", async () => {
    const { client, gateway } = await start();
    const { data, response } = await client.embeddings
      .create({ model: 'auto', input: ['incident runbook', 'postmortem'] })
      .withResponse();
    expect(gateway.stack.simulators.openai!.requests[0]?.body).toMatchObject({
      encoding_format: 'float',
      dimensions: 768,
    });
    expect(data.object).toBe('list');
    expect(data.model).toBe('text-embedding-3-small');
    expect(data.data.map((d) => d.index)).toEqual([0, 1]);
    expect(data.data[0]?.embedding).toEqual(asFloat32(simulatedEmbedding('incident runbook', 768)));
    expect(data.data[1]?.embedding).toEqual(asFloat32(simulatedEmbedding('postmortem', 768)));
    expect(data.usage).toEqual({ prompt_tokens: 4 + 3, total_tokens: 7 });
    expect((data as unknown as WithSummary).llmux).toMatchObject({
      provider: 'openai',
      model: 'text-embedding-3-small',
      cache_hit: false,
      cached_inputs: 0,
      attempts: 1,
      route_reason: 'embedding group "default": candidates in configured order',
    });
    expect(response.headers.get('x-llmux-provider')).toBe('openai');
    expect(response.headers.get('x-llmux-cache')).toBe('miss');
    expect(Number(response.headers.get('x-llmux-cost-usd'))).toBeCloseTo(7 * 0.02e-6, 15);
  });

  it('answers floats when asked, one string as one input, at a requested size', async () => {
    const { client } = await start();
    const data = await client.embeddings.create({
      model: 'auto',
      input: 'one text',
      encoding_format: 'float',
      dimensions: 256,
    });
    expect(data.data).toHaveLength(1);
    expect(data.data[0]?.embedding).toEqual(simulatedEmbedding('one text', 256));
  });

  it('fails over to the other model of the group, of the same size, when the first fails mid-test', async () => {
    const { client, gateway } = await start();
    const before = await client.embeddings.create({ model: 'auto', input: ['alpha'] });
    gateway.stack.simulators.openai!.fault({
      fault: { type: 'status', status: 500 },
      times: Number.POSITIVE_INFINITY,
    });
    const { data, response } = await client.embeddings
      .create({ model: 'auto', input: ['beta', 'gamma'] })
      .withResponse();
    expect(response.headers.get('x-llmux-provider')).toBe('gemini');
    expect(data.model).toBe('gemini-embedding-001');
    expect(data.data.map((d) => d.embedding)).toEqual(
      ['beta', 'gamma'].map((text) => asFloat32(simulatedEmbedding(text, 768))),
    );
    expect(data.data[0]?.embedding).toHaveLength(before.data[0]!.embedding.length);
    expect((data as unknown as WithSummary).llmux).toMatchObject({ attempts: 2 });
  });

  it('answers repeated texts from the cache: only the new ones are sent, and paid', async () => {
    const { client, gateway } = await start();
    await client.embeddings.create({ model: 'auto', input: ['a text', 'b text'] });
    const partial = await client.embeddings
      .create({ model: 'auto', input: ['b text', 'c text', 'a text'] })
      .withResponse();
    const sent = gateway.stack.simulators.openai!.requests.map(
      (r) => (r.body as { input: string[] }).input,
    );
    expect(sent).toEqual([['a text', 'b text'], ['c text']]);
    expect(partial.response.headers.get('x-llmux-cache')).toBe('partial');
    expect(partial.data.usage.prompt_tokens).toBe(2);
    expect(partial.data.data[2]?.embedding).toEqual(asFloat32(simulatedEmbedding('a text', 768)));
    const hit = await client.embeddings
      .create({ model: 'auto', input: ['c text', 'a text'] })
      .withResponse();
    expect(hit.response.headers.get('x-llmux-cache')).toBe('hit');
    expect(hit.response.headers.get('x-llmux-cost-usd')).toBe('0');
    expect((hit.data as unknown as WithSummary).llmux).toMatchObject({
      cache_hit: true,
      cached_inputs: 2,
      attempts: 0,
    });
    expect(gateway.stack.simulators.openai!.counters.requests).toBe(2);
  });

  it('sends a pinned model its request, and lists groups and models in /v1/models', async () => {
    const { client, gateway } = await start();
    const { response } = await client.embeddings
      .create({ model: 'gemini/gemini-embedding-001', input: ['x'] })
      .withResponse();
    expect(response.headers.get('x-llmux-provider')).toBe('gemini');
    expect(gateway.stack.simulators.openai!.counters.requests).toBe(0);
    const ids = (await client.models.list()).data.map((m) => [m.id, m.owned_by]);
    expect(ids).toEqual(
      expect.arrayContaining([
        ['default', 'llmux'],
        ['openai/text-embedding-3-small', 'openai'],
        ['gemini/gemini-embedding-001', 'gemini'],
      ]),
    );
  });

  it('logs each embed call with its tokens and cost, and charges it to the tenant budget', async () => {
    const { client, gateway, logs } = await start();
    const data = await client.embeddings.create({ model: 'auto', input: ['budgeted text'] });
    const record = logs().find((line) => line.msg === 'request');
    expect(record).toMatchObject({
      operation: 'embed',
      tenant: 'acme',
      selected_provider: 'openai',
      input_tokens: data.usage.prompt_tokens,
      output_tokens: 0,
    });
    expect(record?.cost_usd).toBeGreaterThan(0);
    // globex's budget is $0: its embeddings are refused before any call.
    const globex = new OpenAI({ apiKey: GLOBEX_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const error = await refusal(globex.embeddings.create({ model: 'auto', input: ['x'] }));
    expect(error.status).toBe(402);
    expect(gateway.stack.simulators.openai!.counters.requests).toBe(1);
  });

  it.each([
    [{ input: [] }, 'input'],
    [{ input: ['ok', ''] }, 'input[1]'],
    [{ input: [[1, 2, 3]] }, 'input'],
    [{ input: 'x', dimensions: -2 }, 'dimensions'],
    [{ input: 'x', encoding_format: 'int8' }, 'encoding_format'],
    [{ input: 'x', extra: true }, 'extra'],
  ])('refuses %j with a 400 naming the field', async (body, param) => {
    const { client } = await start();
    const error = await refusal(client.embeddings.create({ model: 'auto', ...body } as never));
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toContain(param);
  });

  it('answers 404 for a model it does not serve, and 401 without a tenant key', async () => {
    const { client, gateway } = await start();
    const unknown = await refusal(
      client.embeddings.create({ model: 'text-embedding-ada-002', input: 'x' }),
    );
    expect(unknown.status).toBe(404);
    expect(unknown.code).toBe('model_not_found');
    const stranger = new OpenAI({
      apiKey: 'sk-not-a-key-1234',
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
    });
    const denied = await refusal(stranger.embeddings.create({ model: 'auto', input: 'x' }));
    expect(denied).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(ACME_KEY).not.toBe('sk-not-a-key-1234');
  });

  it('answers 404 when the configuration has no embeddings section', async () => {
    const { client } = await startTestGateway();
    const error = await refusal(client.embeddings.create({ model: 'auto', input: 'x' }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('embeddings_not_configured');
  });

  it('refuses to start a group whose models make vectors of different sizes', async () => {
    const mixed = { groups: { search: { candidates: embeddings.groups.default.candidates } } };
    await expect(startTestGateway({ config: { embeddings: mixed } })).rejects.toThrow(
      'embeddings.groups.search: Invalid option "models": embedding models of different sizes cannot fail over to each other',
    );
  });
});
