import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, startTestGateway } from './gateway-test-setup.js';

const question = { role: 'user' as const, content: 'Is the checkout service healthy?' };

/** The gateway on simulators, and the official Anthropic SDK pointed at it. */
async function start(options: Parameters<typeof startTestGateway>[0] = {}) {
  const started = await startTestGateway(options);
  const anthropic = new Anthropic({
    apiKey: ACME_KEY,
    baseURL: started.gateway.url,
    maxRetries: 0,
  });
  return { ...started, anthropic, simulators: started.gateway.stack.simulators };
}

type Llmux = { llmux: Record<string, unknown> };

describe('POST /v1/messages through the @anthropic-ai/sdk', () => {
  it('answers a plain request as a message, and says who answered, at what cost, and why', async () => {
    const { anthropic } = await start();
    const { data, response, request_id } = await anthropic.messages
      .create({ model: 'auto', max_tokens: 256, messages: [question] })
      .withResponse();
    expect(data).toMatchObject({
      id: 'msg_req-1',
      type: 'message',
      role: 'assistant',
      model: 'claude-haiku-4-5',
      content: [{ type: 'text', text: 'Echo: Is the checkout service healthy?' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
    });
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.usage.output_tokens).toBeGreaterThan(0);
    expect(data.usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    });
    expect((data as unknown as Llmux).llmux).toMatchObject({
      request_id: 'req-1',
      provider: 'anthropic',
      model: 'claude-haiku-4-5',
      attempts: 1,
    });
    expect(request_id).toBe('req-1');
    expect(response.headers.get('x-llmux-provider')).toBe('anthropic');
    expect(Number(response.headers.get('x-llmux-cost-usd'))).toBeGreaterThan(0);
  });

  it('streams Anthropic events that the SDK assembles into the same message', async () => {
    const { anthropic, gateway } = await start();
    const stream = anthropic.messages.stream({
      model: 'auto',
      max_tokens: 256,
      messages: [question],
    });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
        text += event.delta.text;
      }
    }
    const message = await stream.finalMessage();
    expect(text).toBe('Echo: Is the checkout service healthy?');
    expect(message.content).toEqual([{ type: 'text', text }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(types.slice(0, 3)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
    ]);
    expect(types.slice(-3)).toEqual(['content_block_stop', 'message_delta', 'message_stop']);
    expect(gateway.stack.simulators.anthropic!.counters.streamed).toBe(1);

    // On the wire: `event:` lines as Anthropic sends them, a ping after the first block starts,
    // the llmux summary on message_delta, and no `[DONE]`.
    const raw = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': ACME_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'auto', max_tokens: 64, messages: [question], stream: true }),
    });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect(raw.headers.get('request-id')).toBe('req-2');
    const frames = (await raw.text()).trim().split('\n\n');
    const names = frames.map((frame) => /^event: (\w+)\ndata: /.exec(frame)?.[1]);
    expect(names.slice(0, 3)).toEqual(['message_start', 'content_block_start', 'ping']);
    expect(names.at(-1)).toBe('message_stop');
    const delta = JSON.parse(frames.at(-2)!.split('\ndata: ')[1]!);
    expect(delta).toMatchObject({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      llmux: { provider: 'anthropic', request_id: 'req-2' },
    });
    expect(frames.join('')).not.toContain('[DONE]');
  });

  it('runs a tool conversation over several turns, streamed and not', async () => {
    const { anthropic, simulators } = await start();
    simulators.anthropic!.configure({
      reply: (request) =>
        request.toolNames.includes('get_status') && !request.promptText.includes('all green')
          ? { toolCalls: [{ name: 'get_status', arguments: { service: 'checkout' } }] }
          : {},
    });
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_status',
        description: 'Status of a service',
        input_schema: { type: 'object', properties: { service: { type: 'string' } } },
      },
    ];
    const first = await anthropic.messages.create({
      model: 'auto',
      max_tokens: 256,
      tools,
      messages: [question],
    });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((block) => block.type === 'tool_use')!;
    expect(call).toMatchObject({ name: 'get_status', input: { service: 'checkout' } });
    expect(call.id).toMatch(/^toolu_/);

    const history: Anthropic.MessageParam[] = [
      question,
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: call.id, content: 'all green' }],
      },
    ];
    const second = await anthropic.messages.create({
      model: 'auto',
      max_tokens: 256,
      tools,
      messages: history,
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Echo: all green' }]);
    const sent = simulators.anthropic!.requests.at(-1)!.body as {
      messages: Array<{ role: string; content: Array<Record<string, unknown>> }>;
    };
    expect(sent.messages.at(-1)?.content[0]).toMatchObject({
      type: 'tool_result',
      tool_use_id: call.id,
      content: 'all green',
    });

    // A third turn, streamed: the tool call arrives as input_json_delta fragments.
    simulators.anthropic!.configure({
      reply: { toolCalls: [{ name: 'get_status', arguments: { service: 'payments' } }] },
    });
    const stream = anthropic.messages.stream({
      model: 'auto',
      max_tokens: 256,
      tools,
      messages: [
        ...history,
        { role: 'assistant', content: second.content },
        { role: 'user', content: 'And payments?' },
      ],
    });
    const fragments: string[] = [];
    stream.on('inputJson', (partial) => fragments.push(partial));
    const third = await stream.finalMessage();
    expect(third.stop_reason).toBe('tool_use');
    expect(third.content.find((b) => b.type === 'tool_use')).toMatchObject({
      name: 'get_status',
      input: { service: 'payments' },
    });
    expect(fragments.length).toBeGreaterThan(1);
  });

  it('sends images, inline and by URL', async () => {
    const { anthropic, simulators } = await start();
    const png = Buffer.from('not really a png').toString('base64');
    await anthropic.messages.create({
      model: 'auto',
      max_tokens: 64,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/graph.png' } },
            { type: 'text', text: 'What does the latency graph show?' },
          ],
        },
      ],
    });
    const sent = simulators.anthropic!.requests.at(-1)!.body as {
      messages: Array<{ content: unknown[] }>;
    };
    expect(sent.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/graph.png' } },
      { type: 'text', text: 'What does the latency graph show?' },
    ]);
  });

  it('caches a system prompt marked with cache_control, and the usage shows the cache read', async () => {
    const { anthropic, simulators } = await start({
      config: { gateway: { maxBodyBytes: 1024 * 1024 } },
    });
    const runbook = `You are on call. ${'Check the deploy log first, then the dashboards. '.repeat(500)}`;
    const ask = (content: string) =>
      anthropic.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        system: [
          { type: 'text', text: 'Answer briefly.' },
          { type: 'text', text: runbook, cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
        messages: [{ role: 'user', content }],
      });
    const first = await ask('Is checkout down?');
    expect(first.usage.cache_creation_input_tokens).toBeGreaterThan(1_000);
    const second = await ask('Is auth down?');
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(1_000);
    expect(second.usage.input_tokens).toBeLessThan(100);
    const sent = simulators.anthropic!.requests.at(-1)!.body as {
      system: Array<{ text: string; cache_control?: unknown }>;
    };
    expect(sent.system.map((block) => block.cache_control)).toEqual([
      undefined,
      { type: 'ephemeral', ttl: '1h' },
    ]);
  });

  it('is answered by OpenAI and Gemini, pinned or routed, in the same shape', async () => {
    const { anthropic, simulators } = await start();
    const byOpenAI = await anthropic.messages
      .create({ model: 'gpt-5', max_tokens: 64, messages: [question] })
      .withResponse();
    expect(byOpenAI.response.headers.get('x-llmux-provider')).toBe('openai');
    expect(byOpenAI.data).toMatchObject({
      type: 'message',
      model: 'gpt-5',
      content: [{ type: 'text', text: expect.stringContaining('checkout') }],
      stop_reason: 'end_turn',
    });
    const byGemini = await anthropic.messages.create({
      model: 'gemini/gemini-2.5-pro',
      max_tokens: 64,
      system: 'Answer briefly.',
      messages: [question],
    });
    expect(byGemini.model).toBe('gemini-2.5-pro');
    const routed = await anthropic.messages.create(
      { model: 'auto', max_tokens: 64, messages: [question] },
      { headers: { 'x-llmux-task': 'summarization' } },
    );
    expect(routed.model).toBe('gemini-2.5-flash');
    expect((routed as unknown as Llmux).llmux.route_reason).toContain('log-analysis');

    // A tool conversation with OpenAI behind it: its call ids and results go both ways.
    simulators.openai!.configure({
      reply: (request) =>
        request.promptText.includes('all green')
          ? {}
          : { toolCalls: [{ name: 'get_status', arguments: { service: 'checkout' } }] },
    });
    const tools: Anthropic.Tool[] = [
      { name: 'get_status', input_schema: { type: 'object', properties: {} } },
    ];
    const first = await anthropic.messages.create({
      model: 'gpt-5',
      max_tokens: 64,
      tools,
      messages: [question],
    });
    expect(first.stop_reason).toBe('tool_use');
    const call = first.content.find((b) => b.type === 'tool_use')!;
    const second = await anthropic.messages.create({
      model: 'gpt-5',
      max_tokens: 64,
      tools,
      messages: [
        question,
        { role: 'assistant', content: first.content },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: call.id, content: 'all green' }],
        },
      ],
    });
    expect(second.stop_reason).toBe('end_turn');
    const sent = simulators.openai!.requests.at(-1)!.body as {
      messages: Array<{ role: string; tool_call_id?: string }>;
    };
    expect(sent.messages.at(-1)).toMatchObject({ role: 'tool', tool_call_id: call.id });
  });

  it('pins the served Claude model that an Anthropic model id or alias names', async () => {
    const { anthropic } = await start();
    const dated = await anthropic.messages
      .create({ model: 'claude-haiku-4-5-20251001', max_tokens: 64, messages: [question] })
      .withResponse();
    expect(dated.data.model).toBe('claude-haiku-4-5');
    expect(decodeURIComponent(dated.response.headers.get('x-llmux-route-reason')!)).toBe(
      'pinned by the request: model "anthropic/claude-haiku-4-5"',
    );
    const latest = await anthropic.messages.create({
      model: 'claude-sonnet-4-6-latest',
      max_tokens: 64,
      messages: [question],
    });
    expect(latest.model).toBe('claude-sonnet-4-6');
    const error = await anthropic.messages
      .create({ model: 'claude-opus-4-1', max_tokens: 64, messages: [question] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error', message: expect.stringContaining('claude-opus-4-1') },
    });
  });

  it('fails over when Claude fails, and reports a failure mid-stream as an error event', async () => {
    const { anthropic, simulators } = await start();

    simulators.anthropic!.fault({ type: 'overloaded' });
    const { data, response } = await anthropic.messages
      .create({ model: 'auto', max_tokens: 64, messages: [question] })
      .withResponse();
    // The next candidate of the plan answers (Haiku overloaded, then Sonnet).
    expect(response.headers.get('x-llmux-model')).toBe('claude-sonnet-4-6');
    expect(data.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('checkout'),
    });
    expect((data as unknown as Llmux).llmux.attempts).toBe(2);
    expect(simulators.anthropic!.counters.faults).toBe(1);

    // Once text has reached the client the stream cannot move to another provider: it ends
    // with Anthropic's error event, which the SDK raises.
    simulators.anthropic!.fault({
      type: 'stream-error',
      afterFrames: 2,
      status: 529,
      message: 'Overloaded',
    });
    const stream = anthropic.messages.stream({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      messages: [question],
    });
    let text = '';
    stream.on('text', (delta) => {
      text += delta;
    });
    const failure = await stream.finalMessage().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(Anthropic.APIError);
    expect((failure as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error' },
    });

    // Claude down altogether: OpenAI answers, in Anthropic's shape.
    simulators.anthropic!.configure({ outage: true });
    const down = await anthropic.messages
      .create({ model: 'auto', max_tokens: 64, messages: [question] })
      .withResponse();
    expect(down.response.headers.get('x-llmux-provider')).toBe('openai');
    expect(down.data).toMatchObject({ type: 'message', model: 'gpt-5', stop_reason: 'end_turn' });
  });

  it('refuses a missing or wrong key with an AuthenticationError, and takes a bearer token', async () => {
    const { gateway, simulators } = await start();
    const wrong = new Anthropic({
      apiKey: 'sk-ant-not-a-tenant-key',
      baseURL: gateway.url,
      maxRetries: 0,
    });
    const error = await wrong.messages
      .create({ model: 'auto', max_tokens: 64, messages: [question] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toEqual({
      type: 'error',
      error: { type: 'authentication_error', message: 'Incorrect API key provided' },
      request_id: 'req-1',
    });
    // Claude Code's ANTHROPIC_AUTH_TOKEN arrives as `Authorization: Bearer`.
    const bearer = new Anthropic({
      apiKey: null,
      authToken: ACME_KEY,
      baseURL: gateway.url,
      maxRetries: 0,
    });
    const answer = await bearer.messages.create({
      model: 'auto',
      max_tokens: 64,
      messages: [question],
    });
    expect(answer.type).toBe('message');
    expect(simulators.anthropic!.counters.requests).toBe(1);
  });

  it('counts tokens with the answering model, exactly where it can', async () => {
    const { anthropic, simulators } = await start();
    const count = (model: string) =>
      anthropic.messages
        .countTokens({ model, system: 'Answer briefly.', messages: [question] })
        .withResponse();
    const claude = await count('auto');
    expect(claude.data.input_tokens).toBeGreaterThan(0);
    expect(claude.response.headers.get('x-llmux-token-count')).toBe('exact');
    expect(claude.response.headers.get('x-llmux-provider')).toBe('anthropic');
    expect(claude.response.headers.get('x-llmux-model')).toBe('claude-haiku-4-5');
    expect(simulators.anthropic!.requests.at(-1)?.operation).toBe('count-tokens');

    const gemini = await count('gemini/gemini-2.5-pro');
    expect(gemini.response.headers.get('x-llmux-token-count')).toBe('exact');
    expect(simulators.gemini!.requests.at(-1)?.operation).toBe('count-tokens');
    const openai = await count('gpt-5');
    expect(openai.response.headers.get('x-llmux-token-count')).toBe('exact');
    expect(openai.response.headers.get('x-llmux-provider')).toBe('openai');

    // Claude's count endpoint down: the estimate, and the header says so.
    simulators.anthropic!.configure({ outage: true });
    const estimated = await count('claude-haiku-4-5');
    expect(estimated.response.headers.get('x-llmux-token-count')).toBe('estimate');
    expect(estimated.data.input_tokens).toBeGreaterThan(0);
  });
});
