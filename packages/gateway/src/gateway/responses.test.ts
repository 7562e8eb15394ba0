import OpenAI from 'openai';
import type { ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import { startTestGateway } from './gateway-test-setup.js';

const question = 'Is the checkout service healthy?';
const getStatus = {
  type: 'function' as const,
  name: 'get_status',
  description: 'Status of a service',
  parameters: { type: 'object', properties: { service: { type: 'string' } } },
  strict: false,
};
const llmuxOf = (response: unknown) => (response as { llmux: Record<string, unknown> }).llmux;

/** The pinned candidate of each simulated provider. */
const pinned = [
  ['anthropic', 'anthropic/claude-haiku-4-5', 'claude-haiku-4-5'],
  ['openai', 'openai/gpt-5', 'gpt-5'],
  ['gemini', 'gemini/gemini-2.5-pro', 'gemini-2.5-pro'],
] as const;

describe('POST /v1/responses through the openai SDK', () => {
  it('answers a plain request with a response object, the llmux summary and headers', async () => {
    const { client, gateway, logs } = await startTestGateway();
    const { data, response } = await client.responses
      .create({ model: 'auto', input: question, instructions: 'Answer in one line.' })
      .withResponse();
    expect(data).toMatchObject({
      id: 'resp_req-1',
      object: 'response',
      status: 'completed',
      model: 'claude-haiku-4-5',
      instructions: 'Answer in one line.',
      store: false,
      output: [{ type: 'message', role: 'assistant', status: 'completed' }],
    });
    expect(data.output_text).toBe(`Echo: ${question}`);
    expect(data.usage?.input_tokens).toBeGreaterThan(0);
    expect(data.usage?.total_tokens).toBe(data.usage!.input_tokens + data.usage!.output_tokens);
    expect(llmuxOf(data)).toMatchObject({
      request_id: 'req-1',
      provider: 'anthropic',
      attempts: 1,
    });
    expect(response.headers.get('x-llmux-provider')).toBe('anthropic');
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('x-llmux-warnings')).toBeNull();
    // `instructions` is the system prompt Claude gets.
    const sent = gateway.stack.simulators.anthropic!.requests.at(-1)!.body as { system: unknown };
    expect(JSON.stringify(sent.system)).toContain('Answer in one line.');
    expect(logs().find((line) => line.msg === 'request')).toMatchObject({ streamed: false });
  });

  it('streams typed, numbered events that the SDK accumulates into the final response', async () => {
    const { client, gateway } = await startTestGateway();
    const stream = client.responses.stream({ model: 'auto', input: question });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(`Echo: ${question}`);
    expect(final.status).toBe('completed');
    expect(llmuxOf(final)).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    const kinds = [...new Set(events.map((event) => event.type))];
    expect(kinds).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
    expect(gateway.stack.simulators.anthropic!.counters.streamed).toBe(1);

    // On the wire: named SSE events, and no `[DONE]` (the Responses API has none).
    const raw = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', input: question, stream: true }),
    });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.headers.get('x-llmux-provider')).toBe('anthropic');
    const body = await raw.text();
    expect(body.startsWith('event: response.created\ndata: {"type":"response.created"')).toBe(true);
    expect(body).not.toContain('[DONE]');
  });

  it.each(pinned)('is answered by %s, pinned, plain and streamed', async (provider, model, id) => {
    const { client, gateway } = await startTestGateway();
    const { data, response } = await client.responses
      .create({ model, input: question })
      .withResponse();
    expect(data.model).toBe(id);
    expect(data.output_text).toBe(`Echo: ${question}`);
    expect(response.headers.get('x-llmux-provider')).toBe(provider);
    const final = await client.responses.stream({ model: id, input: question }).finalResponse();
    expect(final.output_text).toBe(`Echo: ${question}`);
    expect(llmuxOf(final)).toMatchObject({ provider, model: id });
    expect(gateway.stack.simulators[provider]!.counters.streamed).toBe(1);
  });

  it.each(pinned)('runs function tools across turns on %s', async (provider, model) => {
    const { client, gateway } = await startTestGateway();
    gateway.stack.simulators[provider]!.configure({
      reply: (request) =>
        request.promptText.includes('all green')
          ? { text: 'Checkout is healthy.' }
          : { toolCalls: [{ name: 'get_status', arguments: { service: 'checkout' } }] },
    });
    const input: ResponseInputItem[] = [{ role: 'user', content: question }];
    const stream = client.responses.stream({ model, input, tools: [getStatus] });
    const first = await stream.finalResponse();
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ name: 'get_status', status: 'completed' });
    expect(JSON.parse(call!.type === 'function_call' ? call!.arguments : '')).toEqual({
      service: 'checkout',
    });
    const callId = call!.type === 'function_call' ? call!.call_id : '';
    const second = await client.responses.create({
      model,
      tools: [getStatus],
      input: [
        ...input,
        ...(first.output as ResponseInputItem[]),
        { type: 'function_call_output', call_id: callId, output: 'all green' },
      ],
    });
    expect(second.output_text).toBe('Checkout is healthy.');
    expect(JSON.stringify(gateway.stack.simulators[provider]!.requests.at(-1)!.body)).toContain(
      'all green',
    );
  });

  it('routes auto by the router, steered by metadata', async () => {
    const { client } = await startTestGateway();
    const routed = await client.responses.create({
      model: 'auto',
      input: question,
      metadata: { task: 'summarization' },
    });
    expect(routed.model).toBe('gemini-2.5-flash');
    expect(routed.metadata).toEqual({ task: 'summarization' });
    expect(llmuxOf(routed).route_reason).toContain('log-analysis');
  });

  it('asks for structured output with a strict JSON schema', async () => {
    const { client, gateway } = await startTestGateway();
    const openai = gateway.stack.simulators.openai!;
    openai.configure({ reply: { text: '{"healthy":true}' } });
    const schema = {
      type: 'object',
      properties: { healthy: { type: 'boolean' } },
      required: ['healthy'],
      additionalProperties: false,
    };
    const data = await client.responses.create({
      model: 'gpt-5',
      input: question,
      text: { format: { type: 'json_schema', name: 'health', schema, strict: true } },
    });
    expect(JSON.parse(data.output_text)).toEqual({ healthy: true });
    expect(data.text?.format).toMatchObject({ type: 'json_schema', name: 'health', strict: true });
    const sent = openai.requests.at(-1)!.body as { response_format: unknown };
    expect(sent.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'health', schema },
    });
  });

  it('fails over to another provider when Claude is down, plain and streamed', async () => {
    const { client, gateway } = await startTestGateway();
    gateway.stack.simulators.anthropic!.configure({ outage: true });
    const { data, response } = await client.responses
      .create({ model: 'auto', input: question })
      .withResponse();
    expect(response.headers.get('x-llmux-provider')).toBe('openai');
    expect(data.output_text).toBe(`Echo: ${question}`);
    expect(llmuxOf(data).attempts).toBeGreaterThan(1);
    const final = await client.responses
      .stream({ model: 'auto', input: 'And the search service?' })
      .finalResponse();
    expect(final.output_text).toBe('Echo: And the search service?');
    expect(llmuxOf(final).provider).toBe('openai');
    expect(gateway.stack.simulators.anthropic!.counters.faults).toBeGreaterThan(1);
  });

  it('ends a stream that breaks after its first words with response.failed and an error', async () => {
    const { client, gateway } = await startTestGateway();
    gateway.stack.simulators.anthropic!.fault({
      fault: { type: 'stream-error', afterFrames: 1, status: 500 },
    });
    const stream = client.responses.stream({ model: 'auto', input: question });
    const events: ResponseStreamEvent[] = [];
    stream.on('event', (event) => events.push(event));
    const error = await stream.finalResponse().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe('server_error');
    const failed = events.find((event) => event.type === 'response.failed');
    expect(failed?.type === 'response.failed' && failed.response).toMatchObject({
      status: 'failed',
      error: { code: 'server_error' },
      output: [{ type: 'message', status: 'incomplete' }],
    });
    expect(events.some((event) => event.type === 'response.output_text.delta')).toBe(true);
  });

  it('answers 503 before any event when every provider is down, streamed or not', async () => {
    const { client, gateway } = await startTestGateway();
    for (const simulator of Object.values(gateway.stack.simulators)) {
      simulator!.configure({ outage: true });
    }
    for (const stream of [false, true]) {
      const error = await client.responses
        .create({ model: 'auto', input: question, stream })
        .catch((e) => e);
      expect(error).toBeInstanceOf(OpenAI.APIError);
      expect(error.status).toBe(503);
      expect(error.code).toBe('all_attempts_failed');
    }
  });

  it('says in x-llmux-warnings what it answered without', async () => {
    const { client } = await startTestGateway();
    const { response } = await client.responses
      .create({
        model: 'auto',
        input: question,
        store: true,
        include: ['reasoning.encrypted_content'],
        text: { verbosity: 'low' },
      })
      .withResponse();
    const warnings = decodeURIComponent(response.headers.get('x-llmux-warnings') ?? '');
    expect(warnings).toContain('store: the gateway is stateless');
    expect(warnings).toContain('include: reasoning.encrypted_content is not returned');
    expect(warnings).toContain('text.verbosity: anthropic models take no verbosity');
  });

  it('refuses a wrong key with 401, before any provider is called', async () => {
    const { gateway } = await startTestGateway();
    const stranger = new OpenAI({
      apiKey: 'llmux-not-a-key-0123456789',
      baseURL: `${gateway.url}/v1`,
      maxRetries: 0,
    });
    const error = await stranger.responses
      .create({ model: 'auto', input: question })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error.code).toBe('invalid_api_key');
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(0);
  });

  it.each([
    [{ previous_response_id: 'resp_123' }, 'previous_response_id'],
    [{ conversation: 'conv_123' }, 'conversation'],
    [{ tools: [{ type: 'web_search' }] }, 'tools[0].type'],
    [{ input: [{ type: 'item_reference', id: 'msg_1' }] }, 'input[0].type'],
    [{ temperature: 9 }, 'temperature'],
    [{ model: 'gpt-4' }, 'model'],
  ])('refuses %j with an OpenAI error naming %s', async (extra, param) => {
    const { client, gateway } = await startTestGateway();
    const error = await client.responses
      .create({ model: 'auto', input: question, ...extra } as never)
      .catch((e) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error.status).toBe(param === 'model' ? 404 : 400);
    expect(error.param).toBe(param);
    expect(error.type).toBe('invalid_request_error');
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(0);
  });
});
