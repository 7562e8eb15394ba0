import { createManualClock } from '@llmux/core';
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchFixtureJson, keyPaths } from '../simulator/batch-fixtures.js';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const HOUR = 60 * 60 * 1000;
const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let client: OpenAI;
/** The clock when the test began, in seconds: the API's timestamps. */
let t0: number;

beforeAll(async () => {
  sim = await startSimulator('openai', { clock });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, maxRetries: 0, logLevel: 'off' });
});
beforeEach(() => {
  t0 = clock.now() / 1000;
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'gpt-5-mini';
const line = (customId: string, text: string, extra: Record<string, unknown> = {}) => ({
  custom_id: customId,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { model, messages: [{ role: 'user', content: text }] },
  ...extra,
});
const jsonl = (lines: unknown[]) => lines.map((entry) => JSON.stringify(entry)).join('\n');

const upload = async (content: string) =>
  client.files.create({
    file: await toFile(Buffer.from(content), 'batch.jsonl'),
    purpose: 'batch',
  });

/** Uploads `lines` and creates a batch of them. */
const submit = async (lines: unknown[], metadata?: Record<string, string>) => {
  const file = await upload(jsonl(lines));
  return client.batches.create({
    input_file_id: file.id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata ? { metadata } : {}),
  });
};

const fourLines = ['a', 'b', 'c', 'd'].map((id) => line(id, `question ${id}`));

/** The lines of a result file, by custom_id. */
const resultLines = async (fileId: string | null | undefined) => {
  expect(fileId).toMatch(/^file-/);
  const text = await (await client.files.content(fileId ?? '')).text();
  return text
    .trim()
    .split('\n')
    .map((entry) => JSON.parse(entry));
};

/** Moves the manual clock and reads the batch. */
const readAfter = async (ms: number, batch: Batch) => {
  await clock.advance(ms);
  return client.batches.retrieve(batch.id);
};

const failure = async (
  call: () => Promise<unknown>,
): Promise<InstanceType<typeof OpenAI.APIError>> => {
  try {
    await call();
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
};

describe('OpenAI Files and Batches APIs through the official SDK', () => {
  it('uploads a batch file the Files API lists, retrieves, returns and deletes', async () => {
    const file = await upload(jsonl(fourLines));
    expect(file).toMatchObject({
      id: expect.stringMatching(/^file-\w{22}$/),
      object: 'file',
      bytes: jsonl(fourLines).length,
      created_at: t0,
      expires_at: t0 + 30 * 24 * 3600,
      filename: 'batch.jsonl',
      purpose: 'batch',
      status: 'processed',
    });
    expect(await client.files.retrieve(file.id)).toEqual(file);
    expect(await (await client.files.content(file.id)).text()).toBe(jsonl(fourLines));
    const listed = [];
    for await (const each of client.files.list({ purpose: 'batch' })) listed.push(each.id);
    expect(listed).toEqual([file.id]);
    expect(await client.files.delete(file.id)).toEqual({
      id: file.id,
      object: 'file',
      deleted: true,
    });
    const missing = await failure(() => client.files.retrieve(file.id));
    expect(missing.status).toBe(404);
    expect(missing.error).toMatchObject({ message: `No such File object: ${file.id}` });
  });

  it('moves a batch through validating, in_progress, finalizing and completed on the clock', async () => {
    sim.configure({
      batch: { queueMs: 10_000, processingMs: 4 * 60_000, finalizingMs: 30_000 },
    });
    const batch = await submit(fourLines, { job: 'nightly' });
    expect(batch).toMatchObject({
      id: expect.stringMatching(/^batch_[0-9a-f]{32}$/),
      object: 'batch',
      endpoint: '/v1/chat/completions',
      model,
      errors: null,
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: t0,
      in_progress_at: null,
      expires_at: t0 + 24 * 3600,
      request_counts: { total: 0, completed: 0, failed: 0 },
      metadata: { job: 'nightly' },
    });
    const [documented] = batchFixtureJson('openai-batch-validating.json');
    expect(keyPaths(batch)).toEqual(expect.arrayContaining(keyPaths(documented)));

    const running = await readAfter(10_000 + 2 * 60_000, batch);
    expect(running.status).toBe('in_progress');
    expect(running.in_progress_at).toBe(t0 + 10);
    expect(running.request_counts).toEqual({ total: 4, completed: 2, failed: 0 });

    const finalizing = await readAfter(2 * 60_000, batch);
    expect(finalizing.status).toBe('finalizing');
    expect(finalizing.finalizing_at).toBe(t0 + 250);
    expect(finalizing.output_file_id).toBeNull();

    const completed = await readAfter(30_000, batch);
    expect(completed).toMatchObject({
      status: 'completed',
      completed_at: t0 + 280,
      request_counts: { total: 4, completed: 4, failed: 0 },
      error_file_id: null,
    });
    const lines = await resultLines(completed.output_file_id);
    expect(lines.map((entry) => entry.custom_id)).toEqual(['a', 'b', 'c', 'd']);
    expect(lines[0]).toEqual({
      id: expect.stringMatching(/^batch_req_[0-9a-f]{32}$/),
      custom_id: 'a',
      response: {
        status_code: 200,
        request_id: expect.stringMatching(/^req_/),
        body: expect.objectContaining({
          object: 'chat.completion',
          model,
          choices: [
            expect.objectContaining({
              message: expect.objectContaining({ content: 'Echo: question a' }),
            }),
          ],
        }),
      },
      error: null,
    });
    const [documentedLine] = batchFixtureJson('openai-batch-output.jsonl');
    expect(keyPaths(lines[0])).toEqual(expect.arrayContaining(keyPaths(documentedLine)));
    const output = await client.files.retrieve(completed.output_file_id ?? '');
    expect(output).toMatchObject({ purpose: 'batch_output', created_at: t0 + 280 });
  });

  it('reports the usage of the answered requests, as batches created after September 2025 do', async () => {
    sim.configure({
      reply: {
        text: 'ok',
        usage: { inputTokens: 100, cacheReadTokens: 40, outputTokens: 7, reasoningTokens: 3 },
      },
    });
    const batch = await submit(fourLines.slice(0, 2));
    const completed = await readAfter(HOUR, batch);
    expect(completed.usage).toEqual({
      input_tokens: 200,
      input_tokens_details: { cached_tokens: 80 },
      output_tokens: 14,
      output_tokens_details: { reasoning_tokens: 6 },
      total_tokens: 214,
    });
    const [first] = await resultLines(completed.output_file_id);
    expect(first.response.body.usage).toMatchObject({
      prompt_tokens: 100,
      completion_tokens: 7,
      prompt_tokens_details: { cached_tokens: 40 },
      completion_tokens_details: { reasoning_tokens: 3 },
    });
    expect(sim.counters.batches).toMatchObject({
      created: 1,
      ended: { completed: 1 },
      items: { submitted: 2, succeeded: 2 },
      inputTokens: 200,
      outputTokens: 14,
    });
    expect(sim.counters.inputTokens).toBe(0);
  });

  it('writes failed requests to the error file: a share failing, and bodies the API refuses', async () => {
    sim.configure({ batch: { failureShare: 0.5 } });
    const bad = line('bad', 'x', { body: { model, messages: [] } });
    const batch = await submit([...fourLines, bad]);
    const completed = await readAfter(HOUR, batch);
    expect(completed.status).toBe('completed');
    expect(completed.request_counts).toEqual({ total: 5, completed: 2, failed: 3 });
    const output = await resultLines(completed.output_file_id);
    expect(output.map((entry) => entry.custom_id)).toEqual(['a', 'c']);
    const errors = await resultLines(completed.error_file_id);
    expect(errors.map((entry) => [entry.custom_id, entry.response.status_code])).toEqual([
      ['b', 500],
      ['d', 500],
      ['bad', 400],
    ]);
    expect(errors[0].response.body).toEqual({
      error: { message: 'Internal server error', type: 'server_error', param: null, code: null },
    });
    expect(errors[2]).toMatchObject({
      error: null,
      response: {
        body: {
          error: {
            message: expect.stringContaining(`Invalid 'messages': empty array.`),
            type: 'invalid_request_error',
          },
        },
      },
    });
    expect(sim.counters.batches.items).toMatchObject({ succeeded: 2, errored: 3 });
  });

  it.each([
    [
      'a line that is not JSON',
      `${JSON.stringify(fourLines[0])}\n{"custom_id": "b",`,
      'invalid_json_line',
      2,
    ],
    ['a duplicate custom_id', jsonl([fourLines[0], fourLines[0]]), 'duplicate_custom_id', 2],
    [
      'a url other than the endpoint',
      jsonl([line('a', 'x', { url: '/v1/embeddings' })]),
      'url_mismatch',
      1,
    ],
    [
      'a second model',
      jsonl([fourLines[0], line('b', 'x', { body: { model: 'gpt-4o', messages: [] } })]),
      'mismatched_model',
      2,
    ],
    [
      'a line without custom_id',
      jsonl([{ method: 'POST', url: '/v1/chat/completions', body: {} }]),
      'missing_required_parameter',
      1,
    ],
    ['an empty file', '\n', 'empty_file', null],
  ])(
    'fails validation for %s, with the reason in errors.data',
    async (_name, content, code, lineNumber) => {
      const file = await upload(content);
      const batch = await client.batches.create({
        input_file_id: file.id,
        endpoint: '/v1/chat/completions',
        completion_window: '24h',
      });
      expect(batch.status).toBe('validating');
      const failed = await readAfter(1_000, batch);
      expect(failed).toMatchObject({
        status: 'failed',
        failed_at: t0 + 1,
        in_progress_at: null,
        output_file_id: null,
        request_counts: { total: 0, completed: 0, failed: 0 },
        errors: { object: 'list', data: [expect.objectContaining({ code, line: lineNumber })] },
      });
      expect(failed.errors?.data?.[0]?.message).toEqual(expect.any(String));
      expect(sim.counters.batches.ended.failed).toBe(1);
    },
  );

  it('fails a batch beyond the enqueued token limit with token_limit_exceeded', async () => {
    sim.configure({ batch: { enqueuedTokenLimit: 10 } });
    const first = await submit(fourLines.slice(0, 2));
    const second = await submit(fourLines.slice(2));
    await clock.advance(1_000);
    expect((await client.batches.retrieve(first.id)).status).toBe('in_progress');
    const failed = await client.batches.retrieve(second.id);
    expect(failed.status).toBe('failed');
    expect(failed.errors?.data?.[0]).toMatchObject({
      code: 'token_limit_exceeded',
      message: expect.stringMatching(/^Enqueued token limit reached for gpt-5-mini/),
    });
  });

  it('expires a batch not finished within 24 hours: answered requests kept, the rest batch_expired', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 32 * HOUR } });
    const batch = await submit(fourLines);
    expect((await readAfter(23 * HOUR, batch)).status).toBe('in_progress');
    const expired = await readAfter(HOUR, batch);
    expect(expired).toMatchObject({
      status: 'expired',
      expired_at: t0 + 24 * 3600,
      request_counts: { total: 4, completed: 3, failed: 0 },
    });
    expect((await resultLines(expired.output_file_id)).map((entry) => entry.custom_id)).toEqual([
      'a',
      'b',
      'c',
    ]);
    const [documented] = batchFixtureJson('openai-batch-errors.jsonl');
    expect(await resultLines(expired.error_file_id)).toEqual([
      { ...(documented as object), id: expect.stringMatching(/^batch_req_/), custom_id: 'd' },
    ]);
    expect(sim.counters.batches).toMatchObject({
      ended: { expired: 1 },
      items: { succeeded: 3, expired: 1 },
    });
  });

  it('cancels mid-way: cancelling, then cancelled with the answered requests in the output file', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 4 * 60_000, cancellingMs: 60_000 } });
    const batch = await submit(fourLines);
    await clock.advance(2 * 60_000);
    const cancelling = await client.batches.cancel(batch.id);
    expect(cancelling).toMatchObject({
      status: 'cancelling',
      cancelling_at: t0 + 120,
      request_counts: { total: 4, completed: 2, failed: 0 },
    });
    expect((await client.batches.cancel(batch.id)).status).toBe('cancelling');
    const cancelled = await readAfter(60_000, batch);
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelled_at: t0 + 180 });
    expect((await resultLines(cancelled.output_file_id)).map((entry) => entry.custom_id)).toEqual([
      'a',
      'b',
    ]);
    const errors = await resultLines(cancelled.error_file_id);
    expect(errors.map((entry) => [entry.custom_id, entry.error.code])).toEqual([
      ['c', 'batch_cancelled'],
      ['d', 'batch_cancelled'],
    ]);
    const refused = await failure(() => client.batches.cancel(batch.id));
    expect(refused).toBeInstanceOf(OpenAI.ConflictError);
    expect(refused.error).toMatchObject({
      message: `Cannot cancel a batch with status 'cancelled'.`,
    });
  });

  it('lists batches newest first, page by page', async () => {
    const ids = [];
    for (const entry of fourLines) ids.push((await submit([entry])).id);
    const page = await client.batches.list({ limit: 3 });
    expect(page.data.map((batch) => batch.id)).toEqual(ids.slice(1).reverse());
    expect(page.has_more).toBe(true);
    const all = [];
    for await (const batch of client.batches.list({ limit: 3 })) all.push(batch.id);
    expect(all).toEqual([...ids].reverse());
  });

  it('refuses what the API refuses when a batch is created', async () => {
    const file = await upload(jsonl(fourLines));
    const create = (params: Record<string, unknown>) =>
      failure(() =>
        client.batches.create({
          input_file_id: file.id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
          ...params,
        } as never),
      );
    expect((await create({ completion_window: '48h' })).status).toBe(400);
    expect((await create({ endpoint: '/v1/responses' })).error).toMatchObject({
      param: 'endpoint',
    });
    expect((await create({ input_file_id: 'file-missing' })).status).toBe(404);
    const notBatch = await client.files.create({
      file: await toFile(Buffer.from('x'), 'notes.txt'),
      purpose: 'user_data',
    });
    expect((await create({ input_file_id: notBatch.id })).status).toBe(400);
    expect((await failure(() => client.batches.retrieve('batch_missing'))).status).toBe(404);
  });

  it('forgets batches and files on reset, and wants a key when told to', async () => {
    const batch = await submit(fourLines);
    sim.reset();
    expect((await failure(() => client.batches.retrieve(batch.id))).status).toBe(404);
    expect(sim.counters.batches.created).toBe(0);
    sim.configure({ requireApiKey: true });
    const response = await fetch(`${sim.baseURL}/batches`);
    expect(response.status).toBe(401);
  });
});
