import { incidentPolicy } from '@llmux/router';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { describe, expect, it, vi } from 'vitest';
import { startTestGateway } from './gateway-test-setup.js';

const question = { role: 'user' as const, content: 'Is the checkout service healthy?' };

describe('POST /v1/chat/completions through the openai SDK', () => {
  it('answers a plain request and says who answered, at what cost, and why', async () => {
    const { client } = await startTestGateway();
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages: [question], temperature: 0 })
      .withResponse();
    expect(data.object).toBe('chat.completion');
    expect(data.id).toBe('chatcmpl-req-1');
    expect(data.model).toBe('claude-haiku-4-5');
    expect(data.choices[0]?.message.content).toContain('Is the checkout service healthy?');
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    const llmux = (data as unknown as { llmux: Record<string, unknown> }).llmux;
    expect(llmux).toMatchObject({
      request_id: 'req-1',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      cache_hit: false,
      attempts: 1,
    });
    expect(llmux.route_reason).toContain('small');
    const headers = response.headers;
    expect(headers.get('x-llmux-provider')).toBe('anthropic');
    expect(headers.get('x-llmux-model')).toBe('claude-haiku-4-5');
    expect(Number(headers.get('x-llmux-cost-usd'))).toBe(llmux.cost_usd);
    expect(Number(headers.get('x-llmux-cost-usd'))).toBeGreaterThan(0);
    expect(decodeURIComponent(headers.get('x-llmux-route-reason') ?? '')).toBe(llmux.route_reason);
    expect(headers.get('x-llmux-cache')).toBe('miss');
    expect(headers.get('x-request-id')).toBe('req-1');
  });

  it('serves a repeated deterministic request from the cache', async () => {
    const { client, gateway } = await startTestGateway();
    const ask = () =>
      client.chat.completions
        .create({ model: 'auto', messages: [question], temperature: 0 })
        .withResponse();
    await ask();
    const { data, response } = await ask();
    expect(response.headers.get('x-llmux-cache')).toBe('hit');
    expect(response.headers.get('x-llmux-cost-usd')).toBe('0');
    expect(
      (data as unknown as { llmux: { saved_cost_usd: number } }).llmux.saved_cost_usd,
    ).toBeGreaterThan(0);
    expect(gateway.stack.simulators.anthropic!.counters.requests).toBe(1);
  });

  it('streams chunks ending in data: [DONE], with usage and the llmux summary last', async () => {
    const { client, gateway } = await startTestGateway();
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'auto',
        messages: [question],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    expect(response.headers.get('x-llmux-provider')).toBe('anthropic');
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('Echo: Is the checkout service healthy?');
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
    expect((last as unknown as { llmux: Record<string, unknown> }).llmux).toMatchObject({
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
    });
    expect(gateway.stack.simulators.anthropic!.counters.streamed).toBe(1);

    const raw = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', messages: [question], stream: true }),
    });
    const body = await raw.text();
    expect(body.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(body).not.toContain('"usage"');
    expect(body).toContain('"llmux"');
  });

  it('records a stream the client leaves as cancelled, and goes on serving', async () => {
    const { client, logs } = await startTestGateway({
      config: { providers: { anthropic: { simulator: { chunkIntervalMs: 60_000 } } } },
    });
    const leave = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'auto', messages: [question], stream: true },
      { signal: leave.signal },
    );
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content) break;
    }
    await vi.waitFor(() => {
      const record = logs().find((line) => line.msg === 'request');
      expect(record).toMatchObject({ streamed: true, error_kind: 'cancelled' });
    });
    const next = await client.chat.completions.create({ model: 'gpt-5', messages: [question] });
    expect(next.choices[0]?.message.content).toContain('checkout');
  });

  it('passes tools through and returns the tool call, then takes its result', async () => {
    const { client, gateway } = await startTestGateway();
    gateway.stack.simulators.anthropic!.configure({
      reply: (request) =>
        request.toolNames.includes('get_status') && !request.promptText.includes('all green')
          ? { toolCalls: [{ name: 'get_status', arguments: { service: 'checkout' } }] }
          : {},
    });
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_status',
          description: 'Status of a service',
          parameters: { type: 'object', properties: { service: { type: 'string' } } },
        },
      },
    ];
    const first = await client.chat.completions.create({
      model: 'auto',
      messages: [question],
      tools,
    });
    const message = first.choices[0]!.message;
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    const call = message.tool_calls![0]!;
    expect(call.type === 'function' && call.function.name).toBe('get_status');
    expect(call.type === 'function' && JSON.parse(call.function.arguments)).toEqual({
      service: 'checkout',
    });

    const second = await client.chat.completions.create({
      model: 'auto',
      tools,
      messages: [question, message, { role: 'tool', tool_call_id: call.id, content: 'all green' }],
    });
    expect(second.choices[0]?.message.content).toBe('Echo: all green');
    const sent = gateway.stack.simulators.anthropic!.requests.at(-1)!.body as {
      messages: Array<{ role: string; content: Array<{ type: string; tool_use_id?: string }> }>;
    };
    expect(sent.messages.at(-1)?.content[0]).toMatchObject({
      type: 'tool_result',
      tool_use_id: call.id,
    });
  });

  it('streams tool calls as OpenAI deltas', async () => {
    const { client, gateway } = await startTestGateway();
    gateway.stack.simulators.anthropic!.configure({
      reply: { toolCalls: [{ name: 'get_status', arguments: { service: 'checkout' } }] },
    });
    const stream = await client.chat.completions.create({
      model: 'auto',
      messages: [question],
      stream: true,
      tools: [
        { type: 'function', function: { name: 'get_status', parameters: { type: 'object' } } },
      ],
    });
    let name = '';
    let args = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const call = chunk.choices[0]?.delta.tool_calls?.[0];
      name += call?.function?.name ?? '';
      args += call?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(name).toBe('get_status');
    expect(JSON.parse(args)).toEqual({ service: 'checkout' });
    expect(finish).toBe('tool_calls');
  });

  it('fails over to another provider when Claude is down, and the headers say so', async () => {
    const { client, gateway } = await startTestGateway();
    gateway.stack.simulators.anthropic!.configure({ outage: true });
    const { data, response } = await client.chat.completions
      .create({ model: 'auto', messages: [question] })
      .withResponse();
    expect(response.headers.get('x-llmux-provider')).toBe('openai');
    expect(response.headers.get('x-llmux-model')).toBe('gpt-5');
    expect(data.choices[0]?.message.content).toContain('checkout');
    expect((data as unknown as { llmux: { attempts: number } }).llmux.attempts).toBeGreaterThan(1);
    expect(gateway.stack.simulators.anthropic!.counters.faults).toBeGreaterThan(0);
  });

  it('pins a concrete model, by provider/model or by id', async () => {
    const { client } = await startTestGateway();
    const byId = await client.chat.completions
      .create({ model: 'gpt-5', messages: [question] })
      .withResponse();
    expect(byId.response.headers.get('x-llmux-provider')).toBe('openai');
    expect(decodeURIComponent(byId.response.headers.get('x-llmux-route-reason')!)).toBe(
      'pinned by the request: model "openai/gpt-5"',
    );
    const full = await client.chat.completions.create({
      model: 'gemini/gemini-2.5-pro',
      messages: [question],
    });
    expect(full.model).toBe('gemini-2.5-pro');
  });

  it('steers routing with metadata and with headers', async () => {
    const { client, logs } = await startTestGateway({
      config: {
        router: {
          preset: 'incident-response',
          rules: [
            {
              name: 'deploys',
              when: { tags: { any: ['deploy'] } },
              route: ['gemini/gemini-2.5-pro'],
            },
            { name: 'code', when: { task: 'code' }, route: ['openai/gpt-5'] },
          ],
        },
      },
    });
    const byMetadata = await client.chat.completions.create({
      model: 'auto',
      messages: [question],
      metadata: { task: 'summarization', tags: 'incident,deploy' },
    });
    expect(byMetadata.model).toBe('gemini-2.5-pro');
    const byHeaders = await client.chat.completions.create(
      { model: 'auto', messages: [question], metadata: { task: 'chat' } },
      { headers: { 'x-llmux-task': 'code', 'x-llmux-tags': 'p1' } },
    );
    expect(byHeaders.model).toBe('gpt-5');
    const records = logs().filter((line) => line.msg === 'request');
    expect(records.map((r) => [r.task, r.tags, r.route_reason])).toEqual([
      ['summarization', ['incident', 'deploy'], expect.stringContaining('deploys')],
      ['code', ['p1'], expect.stringContaining('code')],
    ]);
  });

  it('lists auto and every candidate as models', async () => {
    const { client } = await startTestGateway();
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['auto', ...incidentPolicy.candidates]);
    expect((await client.models.retrieve('openai/gpt-5')).owned_by).toBe('openai');
  });
});
