import {
  createModelCatalog,
  defaultModels,
  emptyUsage,
  type GenerateResponse,
  type LanguageModel,
  LlmuxError,
  type StreamEvent,
} from '@llmux/core';
import { type ConformanceOptions, checkConformance } from '@llmux/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createOpenAI } from './openai-provider.js';

/**
 * The conformance suite's proof of strictness: the OpenAI adapter passes the cases below, and
 * each deliberately broken variant of it (a request or answer rewritten on its way, or a wrapper
 * around the model) fails the case named beside it. A non-reasoning model, which takes every
 * sampling setting, so that leaving one out is a silent drop and not a warned one.
 */

type Body = Record<string, unknown> & { messages: Array<Record<string, unknown>> };
type Breakage = {
  /** Rewrites the JSON body of each request. */
  request?: (body: Body) => void;
  /** Rewrites each read of a streamed answer. */
  streamRead?: (text: string) => string;
  /** Wraps the model. */
  model?: (model: LanguageModel, apiKey: string) => LanguageModel;
  /** Leaves the timeout setting out. */
  ignoreTimeout?: boolean;
};

const withResponse = (
  model: LanguageModel,
  change: (response: GenerateResponse) => GenerateResponse,
  event: (event: StreamEvent) => StreamEvent,
): LanguageModel => ({
  ...model,
  generate: async (request) => change(await model.generate(request)),
  async *stream(request) {
    for await (const e of model.stream(request)) yield event(e);
  },
});

/** A `fetch` that breaks the adapter's traffic as `breakage` says. */
const breakingFetch =
  ({ request, streamRead }: Breakage): typeof fetch =>
  async (input, init) => {
    if (request && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as Body;
      request(body);
      init = { ...init, body: JSON.stringify(body) };
    }
    const response = await fetch(input, init);
    if (!streamRead || !response.headers.get('content-type')?.includes('event-stream')) {
      return response;
    }
    // Each read decoded on its own and taken as whole lines: the bug a split line exposes.
    const perRead = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, out) =>
        out.enqueue(new TextEncoder().encode(streamRead(new TextDecoder().decode(chunk)))),
    });
    return new Response(response.body?.pipeThrough(perRead), response);
  };

const options = (breakage: Breakage = {}): ConformanceOptions => ({
  provider: 'openai',
  modelId: 'gpt-4o-mini',
  createModel: ({ baseURL, apiKey, modelId, timeoutMs }) => {
    const model = createOpenAI({
      baseURL,
      apiKey,
      ...(breakage.ignoreTimeout ? {} : { timeoutMs }),
      fetch: breakingFetch(breakage),
    })(modelId);
    return breakage.model ? breakage.model(model, apiKey) : model;
  },
});

const mutations: Array<[mutation: string, caughtBy: string, breakage: Breakage]> = [
  [
    'swaps input and output tokens',
    'reports input and output tokens each as what they are, in generate and in stream',
    {
      model: (model) => {
        const swap = <T extends { inputTokens: number; outputTokens: number }>(usage: T): T => ({
          ...usage,
          inputTokens: usage.outputTokens,
          outputTokens: usage.inputTokens,
        });
        return withResponse(
          model,
          (response) => ({ ...response, usage: swap(response.usage) }),
          (event) => (event.type === 'finish' ? { ...event, usage: swap(event.usage) } : event),
        );
      },
    },
  ],
  ...(['temperature', 'top_p', 'seed'] as const).map((field): [string, string, Breakage] => [
    `leaves out ${field}`,
    `sends ${{ temperature: 'temperature 0.3', top_p: 'topP 0.7', seed: 'seed 42' }[field]} as it is, or warns that it cannot`,
    { request: (body) => delete body[field] },
  ]),
  [
    'leaves out max tokens',
    'sends maxOutputTokens as it is',
    { request: (body) => delete body.max_completion_tokens },
  ],
  [
    'sends tool calls and results as user text',
    'sends a tool result as a tool result, not as text',
    {
      request: (body) => {
        body.messages = body.messages.map((message) => {
          if (message.role === 'tool') {
            return { role: 'user', content: `Tool result: ${String(message.content)}` };
          }
          if (!message.tool_calls) return message;
          return { role: 'assistant', content: `Calling ${JSON.stringify(message.tool_calls)}` };
        });
      },
    },
  ],
  [
    'sends the system prompt as a user turn',
    'sends the system prompt apart from the turns, and every turn in order',
    {
      request: (body) => {
        for (const message of body.messages) if (message.role === 'system') message.role = 'user';
      },
    },
  ],
  [
    'pastes an image into the text',
    'sends an image as an image part, not as text',
    {
      request: (body) => {
        for (const message of body.messages) {
          if (!Array.isArray(message.content)) continue;
          message.content = message.content.map((part: Record<string, unknown>) =>
            part.type === 'image_url'
              ? { type: 'text', text: (part.image_url as { url: string }).url }
              : part,
          );
        }
      },
    },
  ],
  [
    'ignores tool choice none',
    'sends tool choice none, or warns that it cannot',
    {
      request: (body) => {
        if (body.tool_choice === 'none') delete body.tool_choice;
      },
    },
  ],
  [
    'ignores its timeout setting',
    "fails with a timeout when the adapter's timeout passes, in generate and in stream",
    { ignoreTimeout: true },
  ],
  [
    'drops warnings',
    // OpenAI has no top-k: the adapter warns about it.
    'sends topK 17 as it is, or warns that it cannot',
    {
      model: (model) =>
        withResponse(
          model,
          (response) => ({ ...response, warnings: [] }),
          (event) => (event.type === 'start' ? { ...event, warnings: [] } : event),
        ),
    },
  ],
  [
    'lets the API key into its errors',
    'never lets the API key into an error, even one that echoes it',
    {
      model: (model, apiKey) => {
        const unscrubbed = (error: LlmuxError) =>
          new LlmuxError({
            ...error,
            message: error.message.replaceAll('[redacted]', apiKey),
          });
        return {
          ...model,
          generate: (request) =>
            model.generate(request).catch((error: LlmuxError) => {
              throw unscrubbed(error);
            }),
          async *stream(request) {
            for await (const e of model.stream(request)) {
              yield e.type === 'error' ? { ...e, error: unscrubbed(e.error) } : e;
            }
          },
        };
      },
    },
  ],
  [
    'mishandles a line split across network reads',
    'reads answers split across network reads',
    { streamRead: (text) => (text.endsWith('\n') ? text : `${text}\n\n`) },
  ],
  [
    'keeps the connection when the caller stops reading',
    'frees the connection when the caller stops reading',
    {
      model: (model) => ({
        ...model,
        stream(request) {
          const source = model.stream(request)[Symbol.asyncIterator]();
          // Leaving does not close the source, so its HTTP response stays open.
          return {
            [Symbol.asyncIterator]: () => ({
              next: () => source.next(),
              return: async () => ({ done: true as const, value: undefined }),
            }),
          };
        },
      }),
    },
  ],
  [
    'reports a stream that stopped early as finished with zero usage',
    'ends with an error, never a finish, when the stream stops before its final event',
    {
      model: (model) =>
        withResponse(
          model,
          (response) => response,
          (event): StreamEvent =>
            event.type === 'error'
              ? {
                  type: 'finish',
                  finishReason: { unified: 'stop' },
                  usage: emptyUsage(),
                  costUsd: 0,
                  latencyMs: 0,
                  trace: { attempts: [] },
                }
              : event,
        ),
    },
  ],
];

describe('the conformance suite', () => {
  it('passes the OpenAI adapter on every case the mutations below break', async () => {
    const results = await checkConformance({
      ...options(),
      only: [...new Set(mutations.map(([, caughtBy]) => caughtBy))],
    });
    expect(results.filter((result) => result.status !== 'passed')).toEqual([]);
  });

  for (const [mutation, caughtBy, breakage] of mutations) {
    it(`fails an adapter that ${mutation}, in "${caughtBy}"`, async () => {
      const [result] = await checkConformance({ ...options(breakage), only: [caughtBy] });
      expect(result).toMatchObject({ name: caughtBy, status: 'failed' });
    });
  }
});

describe('the conformance options', () => {
  const cacheCase =
    'reports usage with cache-read, cache-write and reasoning tokens, priced at their rates';

  it('skip a case for what the provider lacks, saying why', async () => {
    const results = await checkConformance({
      ...options(),
      capabilities: { cacheUsage: false, contentFilter: false },
      only: [cacheCase, 'maps a content-filter finish'],
    });
    expect(results).toEqual([
      {
        group: 'generate',
        name: cacheCase,
        status: 'skipped',
        reason: 'the provider reports no cache usage (capabilities.cacheUsage: false)',
      },
      {
        group: 'generate',
        name: 'maps a content-filter finish',
        status: 'skipped',
        reason: 'the provider has no content filter (capabilities.contentFilter: false)',
      },
    ]);
  });

  it('take a free model at a cost of 0, and only when it is declared free', async () => {
    const [priced] = defaultModels.filter((model) => model.model === 'gpt-4o-mini');
    const catalog = createModelCatalog(
      [{ ...priced!, pricing: { input: 0, output: 0, cacheRead: 0 } }],
      defaultModels,
    );
    const free = (declared: boolean): ConformanceOptions => ({
      ...options(),
      catalog,
      free: declared,
      createModel: ({ baseURL, apiKey, modelId }) =>
        createOpenAI({ baseURL, apiKey, catalog })(modelId),
      only: ['generates text with id, model, finish reason, usage and cost', cacheCase],
    });
    const statuses = async (declared: boolean) =>
      (await checkConformance(free(declared))).map((result) => result.status);
    expect(await statuses(true)).toEqual(['passed', 'passed']);
    expect(await statuses(false)).toEqual(['failed', 'failed']);
  });

  it('refuse a case name that names no case', async () => {
    await expect(checkConformance({ ...options(), only: ['no such case'] })).rejects.toThrow(
      'Conformance option "only" names no case: "no such case"',
    );
  });
});
