import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defaultCatalog,
  emptyUsage,
  type GenerateResponse,
  LlmuxError,
  reasoningOf,
  StreamAccumulator,
  type StreamEvent,
  textOf,
  toolCallsOf,
  type Usage,
} from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createClaude } from './claude-provider.js';

/** Responses recorded from the real Messages API (see SOURCES.md there). */
const dir = fileURLToPath(new URL('../../../fixtures/recorded/anthropic/', import.meta.url));
const read = (file: string) => readFileSync(join(dir, file), 'utf8');

/** Each `.chunks.txt` line is the data of one SSE event whose name is the JSON `type`. */
const toSse = (chunks: string) =>
  chunks
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`)
    .join('');

/** The real SDK, reading the recording from an injected fetch instead of the network. */
const modelServing = (file: string, model: string) => {
  const body = read(file);
  const stream = file.endsWith('.chunks.txt');
  const status = file.endsWith('.error.json') && body.includes('"type": "error"') ? 400 : 200;
  const fetch = async () =>
    new Response(stream ? toSse(body) : body, {
      status,
      headers: {
        'content-type': stream ? 'text/event-stream' : 'application/json',
        'request-id': 'req_recorded',
      },
    });
  return createClaude({ apiKey: 'recorded', fetch })(model);
};

const usage = (u: Partial<Usage>): Usage => ({ ...emptyUsage(), ...u });

interface Expected {
  model: string;
  id: string;
  text: string | RegExp;
  toolCalls?: Array<{ toolCallId: string; toolName: string; arguments: unknown }>;
  finish: [string, string];
  usage: Usage;
  reasoning?: string | RegExp;
}

const responses: Record<string, Expected> = {
  'anthropic-text.json': {
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
    text: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
    finish: ['stop', 'end_turn'],
    usage: usage({ inputTokens: 12, outputTokens: 29 }),
  },
  'anthropic-text.chunks.txt': {
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01QC4g3HwBThD4BaNtBckFDJ',
    text: "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    finish: ['stop', 'end_turn'],
    usage: usage({ inputTokens: 12, outputTokens: 30 }),
  },
  'anthropic-json-other-tool.1.json': {
    model: 'claude-haiku-4-5-20251001',
    id: 'msg_01T8acYgh1ugip1ifUmT4MCU',
    text: '',
    toolCalls: [
      {
        toolCallId: 'toolu_01PQjhxo3eirCdKNvCJrKc8f',
        toolName: 'weather',
        arguments: { location: 'San Francisco' },
      },
    ],
    finish: ['tool-calls', 'tool_use'],
    usage: usage({ inputTokens: 843, outputTokens: 28 }),
  },
  'anthropic-json-other-tool.1.chunks.txt': {
    model: 'claude-haiku-4-5-20251001',
    id: 'msg_01CD3XaZfhNabxRt1SG5ybtK',
    text: '',
    toolCalls: [
      {
        toolCallId: 'toolu_019Zvehfe1XQWweT1pm7okyt',
        toolName: 'weather',
        arguments: { location: 'San Francisco' },
      },
    ],
    finish: ['tool-calls', 'tool_use'],
    usage: usage({ inputTokens: 843, outputTokens: 28 }),
  },
  'anthropic-tool-no-args.json': {
    model: 'claude-3-opus-20240229',
    id: 'msg_01GCBaV8gyWAYgMVggRqZbuQ',
    text: /^<thinking>\nThe updateIssueList tool .*Okay, I will update the current issue list:$/s,
    toolCalls: [
      { toolCallId: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', toolName: 'updateIssueList', arguments: {} },
    ],
    finish: ['tool-calls', 'tool_use'],
    usage: usage({ inputTokens: 602, outputTokens: 93 }),
  },
  'anthropic-tool-no-args.chunks.txt': {
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01GE2RKp1VYsPzdFs3sS9z5S',
    text: "I'll update the issue list for you.",
    toolCalls: [
      { toolCallId: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', toolName: 'updateIssueList', arguments: {} },
    ],
    finish: ['tool-calls', 'tool_use'],
    usage: usage({ inputTokens: 565, outputTokens: 48 }),
  },
  'anthropic-clear-thinking.1.json': {
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01XrsJCi8CQoLcnnWdY8RsJz',
    text: '925 ÷ 5 = 185',
    reasoning: '925 divided by 5 = 185',
    finish: ['stop', 'end_turn'],
    usage: usage({ inputTokens: 69, outputTokens: 33 }),
  },
  'anthropic-clear-thinking.1.chunks.txt': {
    model: 'claude-sonnet-4-5-20250929',
    id: 'msg_01Y6V41gqPaKWEw7iPouH7iW',
    text: '925 ÷ 5 = 185',
    reasoning: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
    finish: ['stop', 'end_turn'],
    usage: usage({ inputTokens: 69, outputTokens: 53 }),
  },
  'anthropic-claude-opus-5-reasoning-high.1.json': {
    model: 'claude-opus-5',
    id: 'msg_011CdMNhurHSJCxCC2NB7WYc',
    text: /^## Step 1: Set up the problem\n\nWe want all values of \$x\$ satisfying/,
    reasoning: /.+/s,
    finish: ['stop', 'end_turn'],
    usage: usage({ inputTokens: 51, outputTokens: 1699, reasoningTokens: 139 }),
  },
  'anthropic-code-execution-20260120-prompt-cache.1.chunks.txt': {
    model: 'claude-sonnet-5',
    id: 'msg_011CdYfpjpVtBoXyXCQD1tQP',
    // Server-side code execution blocks are the provider's own; only the answer text is content.
    text: 'The sum of the squares of the numbers 1 through 12 is **650**.',
    finish: ['stop', 'end_turn'],
    usage: usage({
      inputTokens: 6 + 3337 + 6289,
      outputTokens: 198,
      cacheReadTokens: 6289,
      cacheWriteTokens: 3337,
    }),
  },
  'anthropic-issue-5942-cache-write.chunks.txt': {
    model: 'claude-sonnet-4-6',
    id: 'msg_011CczBWezemuqo5xUfertVi',
    text: 'OK',
    finish: ['length', 'max_tokens'],
    usage: usage({ inputTokens: 3 + 18639, outputTokens: 1, cacheWriteTokens: 18639 }),
  },
  'anthropic-issue-5942-cache-read.chunks.txt': {
    model: 'claude-sonnet-4-6',
    id: 'msg_011CczBWmS717HsNJwaC9mWM',
    text: 'OK',
    finish: ['length', 'max_tokens'],
    usage: usage({ inputTokens: 3 + 18639, outputTokens: 1, cacheReadTokens: 18639 }),
  },
  'anthropic-web-fetch-tool.error.json': {
    model: 'claude-sonnet-4-20250514',
    id: 'msg_01MT4gZLLHg1yg5d6eo41LJe',
    // A 200 message whose server tool failed: the two text blocks around it join up.
    text: /^I'll fetch the PDF document .* to see what it says about AI\.I'm unable to access the PDF/s,
    finish: ['stop', 'end_turn'],
    usage: usage({ inputTokens: 1902, outputTokens: 214 }),
  },
};

const failures: Record<string, { kind: string; status: number; message: RegExp }> = {
  'anthropic-parallel-provider-client-tools.error.json': {
    kind: 'invalid_request',
    status: 400,
    message: /^Anthropic 400 invalid_request_error: messages\.1: `tool_use` ids were found without/,
  },
};

const drain = async (stream: AsyncIterable<StreamEvent>) => {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

const check = (response: GenerateResponse, expected: Expected) => {
  expect(response).toMatchObject({ id: expected.id, model: expected.model, provider: 'anthropic' });
  if (typeof expected.text === 'string') expect(textOf(response)).toBe(expected.text);
  else expect(textOf(response)).toMatch(expected.text);
  expect(toolCallsOf(response)).toEqual(
    (expected.toolCalls ?? []).map((call) => ({ type: 'tool-call', ...call })),
  );
  expect(response.finishReason).toEqual({ unified: expected.finish[0], raw: expected.finish[1] });
  expect(response.usage).toEqual(expected.usage);
  const parts = response.content.filter((part) => part.type === 'reasoning');
  if (expected.reasoning === undefined) expect(parts).toEqual([]);
  else if (typeof expected.reasoning === 'string') {
    expect(reasoningOf(response)).toBe(expected.reasoning);
  } else expect(reasoningOf(response)).toMatch(expected.reasoning);
  // Signed, so a tool conversation can send the thinking back.
  for (const part of parts) {
    expect(part).toMatchObject({
      provider: 'anthropic',
      signature: expect.stringMatching(/^[A-Za-z0-9+/]{100,}={0,2}$/),
    });
  }
  expect(response.providerMetadata?.anthropic).toBeUndefined();
  const undated = expected.model.replace(/-\d{8}$/, '');
  const priced = defaultCatalog.get('anthropic', undated);
  expect(response.costUsd).toBe(
    priced ? defaultCatalog.costOf(response.usage, 'anthropic', undated) : 0,
  );
};

describe('every recorded Anthropic response', () => {
  it('is covered here', () => {
    const files = readdirSync(dir).sort();
    expect([...Object.keys(responses), ...Object.keys(failures)].sort()).toEqual(files);
  });

  for (const [file, expected] of Object.entries(responses)) {
    const undated = expected.model.replace(/-\d{8}$/, '');
    if (file.endsWith('.chunks.txt')) {
      it(`streams ${file}`, async () => {
        const events = await drain(
          modelServing(file, undated).stream({ messages: [{ role: 'user', content: 'x' }] }),
        );
        expect(events[0]).toMatchObject({ type: 'start', id: expected.id, model: expected.model });
        expect(events.at(-1)?.type).toBe('finish');
        const fragments = events.filter((e) => e.type === 'tool-call-delta');
        for (const call of expected.toolCalls ?? []) {
          const json = fragments
            .filter((e) => e.type === 'tool-call-delta' && e.toolCallId === call.toolCallId)
            .map((e) => (e.type === 'tool-call-delta' ? e.argumentsDelta : ''))
            .join('');
          expect(json === '' ? {} : JSON.parse(json)).toEqual(call.arguments);
        }
        const thought = events.map((e) => (e.type === 'reasoning-delta' ? e.delta : '')).join('');
        expect(thought).toBe(events.map((e) => (e.type === 'reasoning' ? e.text : '')).join(''));
        const collected = new StreamAccumulator();
        for (const event of events) collected.push(event);
        check(collected.response(), expected);
      });
    } else {
      it(`reads ${file}`, async () => {
        check(
          await modelServing(file, undated).generate({
            messages: [{ role: 'user', content: 'x' }],
          }),
          expected,
        );
      });
    }
  }

  for (const [file, expected] of Object.entries(failures)) {
    it(`maps the error in ${file}, before and as a stream`, async () => {
      const model = modelServing(file, 'claude-sonnet-4-5');
      const error = await model
        .generate({ messages: [{ role: 'user', content: 'x' }] })
        .catch((e: unknown) => e);
      expect(LlmuxError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        kind: expected.kind,
        status: expected.status,
        retryable: false,
      });
      expect((error as LlmuxError).message).toMatch(expected.message);
      const events = await drain(model.stream({ messages: [{ role: 'user', content: 'x' }] }));
      expect(events).toEqual([
        { type: 'error', error: expect.objectContaining({ kind: expected.kind }) },
      ]);
    });
  }
});
