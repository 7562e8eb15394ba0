import { collectStream, textOf, toolCallsOf } from '@llmux/core';
import { expect, it } from 'vitest';
import { ask, type ConformanceContext, tinyPng } from './conformance-context.js';

export function generateCases(ctx: ConformanceContext): void {
  it('generates text with id, model, finish reason, usage and cost', async () => {
    const response = await ctx.model().generate(ask('Is the disk full?'));
    expect(textOf(response)).toBe('Echo: Is the disk full?');
    expect(response.id).not.toBe('');
    expect(response.provider).toBe(ctx.provider);
    expect(response.model).toContain(ctx.options.modelId);
    expect(response.finishReason.unified).toBe('stop');
    expect(response.finishReason.raw).toBeTruthy();
    expect(response.usage.inputTokens).toBeGreaterThan(0);
    expect(response.usage.outputTokens).toBeGreaterThan(0);
    expect(response.costUsd).toBeCloseTo(
      ctx.catalog.costOf(response.usage, ctx.provider, ctx.options.modelId),
      12,
    );
    expect(response.latencyMs).toBeGreaterThanOrEqual(0);
    expect(response.warnings).toEqual([]);
    expect(ctx.sim().counters.requests).toBe(1);
  });

  it('sends the system prompt and every turn of the conversation', async () => {
    await ctx.model().generate({
      messages: [
        { role: 'system', content: 'You are an on-call assistant.' },
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
        { role: 'user', content: 'Second question' },
      ],
      maxOutputTokens: 100,
      temperature: 0,
      stopSequences: ['END'],
    });
    const received = ctx.sim().requests.at(-1)!;
    for (const text of ['You are an on-call assistant.', 'First question', 'First answer']) {
      expect(received.promptText).toContain(text);
    }
    expect(received.lastUserText).toBe('Second question');
    expect(JSON.stringify(received.body)).toContain('END');
  });

  it('reports usage with cache-read, cache-write and reasoning tokens, priced at their rates', async ({
    skip,
  }) => {
    skip(!(ctx.options.capabilities?.promptCacheUsage ?? true), 'no prompt-cache usage');
    ctx.sim().configure({
      reply: {
        text: 'cached answer',
        usage: {
          inputTokens: 5000,
          outputTokens: 300,
          cacheReadTokens: 4000,
          reasoningTokens: 100,
        },
      },
    });
    const response = await ctx.model().generate(ask('Analyse this log'));
    expect(response.usage.inputTokens).toBe(5000);
    expect(response.usage.cacheReadTokens).toBe(4000);
    expect(response.usage.outputTokens).toBe(300);
    expect(response.costUsd).toBeCloseTo(
      ctx.catalog.costOf(response.usage, ctx.provider, ctx.options.modelId),
      12,
    );
    expect(response.costUsd).toBeLessThan(
      ctx.catalog.costOf(
        { ...response.usage, cacheReadTokens: 0 },
        ctx.provider,
        ctx.options.modelId,
      ),
    );
  });

  it('makes a tool call and takes the result back', async () => {
    const tools = [
      {
        name: 'get_metrics',
        description: 'Reads a service metric',
        parameters: {
          type: 'object',
          properties: { service: { type: 'string' }, window: { type: 'number' } },
          required: ['service'],
        },
      },
    ];
    ctx.sim().configure({
      reply: { toolCalls: [{ name: 'get_metrics', arguments: { service: 'api', window: 5 } }] },
    });
    const first = await ctx.model().generate(ask('Check the API', { tools, toolChoice: 'auto' }));
    expect(first.finishReason.unified).toBe('tool-calls');
    const [call] = toolCallsOf(first);
    expect(call).toMatchObject({
      toolName: 'get_metrics',
      arguments: { service: 'api', window: 5 },
    });
    expect(call!.toolCallId).not.toBe('');
    expect(ctx.sim().requests.at(-1)!.toolNames).toEqual(['get_metrics']);

    ctx.sim().configure({ reply: { text: 'The API is healthy.' } });
    const second = await ctx.model().generate({
      messages: [
        { role: 'user', content: 'Check the API' },
        { role: 'assistant', content: [call!] },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: call!.toolCallId,
              toolName: 'get_metrics',
              result: { p99: 41 },
            },
          ],
        },
      ],
      tools,
    });
    expect(textOf(second)).toBe('The API is healthy.');
    expect(JSON.stringify(ctx.sim().requests.at(-1)!.body)).toContain('41');
  });

  it.runIf(ctx.options.capabilities?.images ?? true)('sends images', async () => {
    await ctx.model().generate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this screenshot?' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: tinyPng } },
          ],
        },
      ],
    });
    expect(JSON.stringify(ctx.sim().requests.at(-1)!.body)).toContain(tinyPng);
  });

  it.runIf(ctx.options.capabilities?.json ?? true)(
    'asks for JSON output with a schema',
    async () => {
      ctx.sim().configure({ reply: { text: '{"severity":"high"}' } });
      const response = await ctx.model().generate(
        ask('Classify the incident', {
          responseFormat: {
            type: 'json',
            name: 'incident',
            schema: {
              type: 'object',
              properties: { severity: { type: 'string', enum: ['low', 'high'] } },
              required: ['severity'],
            },
          },
        }),
      );
      expect(JSON.parse(textOf(response))).toEqual({ severity: 'high' });
      expect(JSON.stringify(ctx.sim().requests.at(-1)!.body)).toContain('severity');
    },
  );

  it('maps a content-filter finish', async ({ skip }) => {
    skip(!(ctx.options.capabilities?.contentFilter ?? true), 'no content filter');
    ctx.sim().configure({ reply: { text: 'partial', finishReason: 'content-filter' } });
    const response = await ctx.model().generate(ask('Something unsafe'));
    expect(response.finishReason.unified).toBe('content-filter');
  });

  it('maps a length finish', async () => {
    ctx.sim().configure({ reply: { text: 'cut short', finishReason: 'length' } });
    const response = await ctx.model().generate(ask('Write a long report'));
    expect(response.finishReason.unified).toBe('length');
  });

  it.runIf(ctx.options.capabilities?.rateLimitHeaders ?? true)(
    "reports the provider's rate-limit headers",
    async () => {
      ctx.sim().configure({ limits: { requestsPerMinute: 100, tokensPerMinute: 100_000 } });
      const response = await ctx.model().generate(ask('hello'));
      expect(response.rateLimits?.requestsLimit).toBe(100);
      expect(response.rateLimits?.requestsRemaining).toBe(99);
      expect(response.rateLimits?.tokensLimit).toBe(100_000);
    },
  );

  it.runIf(ctx.options.capabilities?.countTokens ?? true)('counts tokens exactly', async () => {
    const model = ctx.model();
    expect(model.countTokens).toBeTypeOf('function');
    const count = await model.countTokens!(ask('How many tokens is this?'));
    expect(count).toBeGreaterThan(0);
  });

  it('answers many concurrent calls', async () => {
    ctx.sim().configure({ latencyMs: 20 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ctx.model().generate(ask(`call ${i}`))),
    );
    results.forEach((response, i) => {
      expect(textOf(response)).toBe(`Echo: call ${i}`);
    });
    expect(ctx.sim().counters.requests).toBe(40);
    expect(ctx.sim().counters.peakConcurrency).toBeGreaterThan(1);
  });

  it('collects a stream into the same response as generate', async () => {
    ctx.sim().configure({
      reply: {
        text: 'Root cause: the cache node ran out of memory.',
        toolCalls: [{ name: 'open_ticket', arguments: { team: 'storage', priority: 1 } }],
        usage: { inputTokens: 120, outputTokens: 40 },
      },
    });
    const request = ask('Why did it fail?', {
      tools: [{ name: 'open_ticket', parameters: { type: 'object', properties: {} } }],
    });
    const generated = await ctx.model().generate(request);
    const streamed = await collectStream(ctx.model().stream(request));
    expect(streamed.content).toEqual(
      generated.content.map((part) =>
        part.type === 'tool-call' ? { ...part, toolCallId: expect.any(String) } : part,
      ),
    );
    expect(streamed.finishReason).toEqual(generated.finishReason);
    expect(streamed.usage).toEqual(generated.usage);
    expect(streamed.costUsd).toBeCloseTo(generated.costUsd, 12);
    expect(streamed.model).toBe(generated.model);
  });
}
