import { defaultCatalog, type ManualClock } from '@llmux/core';
import type { Simulator } from '@llmux/testkit';
import OpenAI, { toFile } from 'openai';
import type { Batch } from 'openai/resources/batches';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, GLOBEX_KEY, startTestGateway } from './gateway-test-setup.js';

const HOUR = 3_600_000;

const line = (customId: string, body: Record<string, unknown>) => ({
  custom_id: customId,
  method: 'POST',
  url: '/v1/chat/completions',
  body: { max_tokens: 50, ...body },
});
const ask = (content: string) => [{ role: 'user', content }];
const jsonl = (lines: unknown[]) => lines.map((entry) => `${JSON.stringify(entry)}\n`).join('');

const upload = async (client: OpenAI, lines: unknown[] | string) =>
  client.files.create({
    file: await toFile(
      Buffer.from(typeof lines === 'string' ? lines : jsonl(lines)),
      'requests.jsonl',
    ),
    purpose: 'batch',
  });

const create = async (client: OpenAI, lines: unknown[], metadata?: Record<string, string>) =>
  client.batches.create({
    input_file_id: (await upload(client, lines)).id,
    endpoint: '/v1/chat/completions',
    completion_window: '24h',
    ...(metadata && { metadata }),
  });

/** The rejection of a call through the SDK, as an `APIError`. */
const refusal = async (call: Promise<unknown>) => {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
};

/** Lets the work in flight finish: no call open at a simulator, the clock's sleepers settled. */
async function quiet(clock: ManualClock, sims: Simulator[]) {
  let last = -1;
  for (let still = 0; still < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 3));
    const idle = sims.every((sim) => sim.counters.inFlight === 0);
    still = idle && clock.pending() === last ? still + 1 : 0;
    last = clock.pending();
  }
}

/** Polls a batch as a client would, moving the clock on between polls, until it is over. */
async function awaitBatch(client: OpenAI, clock: ManualClock, sims: Simulator[], id: string) {
  for (let waited = 0; waited < 48 * HOUR; waited += 5 * 60_000) {
    await quiet(clock, sims);
    const batch = await client.batches.retrieve(id);
    if (['completed', 'cancelled', 'failed', 'expired'].includes(batch.status)) return batch;
    await clock.advance(5 * 60_000);
  }
  throw new Error(`batch ${id} did not end`);
}

const resultLines = async (client: OpenAI, fileId: string | null | undefined) => {
  const text = await (await client.files.content(fileId ?? '')).text();
  return text
    .trim()
    .split('\n')
    .map((entry) => JSON.parse(entry));
};

describe('the gateway batch API, through the official OpenAI SDK', () => {
  it('runs a JSONL file of chat completions on the batch APIs of the providers the router picks', async () => {
    const { gateway, client, clock } = await startTestGateway();
    const sims = Object.values(gateway.stack.simulators) as Simulator[];
    const file = await upload(client, [
      line('triage', {
        model: 'auto',
        messages: ask('Is checkout down?'),
        metadata: { task: 'classification' },
      }),
      line('logs', {
        model: 'auto',
        messages: ask('Summarise these logs'),
        metadata: { task: 'summarization' },
      }),
      line('pinned', { model: 'openai/gpt-5', messages: ask('Why did the deploy fail?') }),
    ]);
    expect(file).toMatchObject({ object: 'file', purpose: 'batch', filename: 'requests.jsonl' });
    expect(await client.files.retrieve(file.id)).toEqual(file);

    const created = await client.batches.create({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
      metadata: { run: 'nightly' },
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^batch_/),
      object: 'batch',
      status: 'in_progress',
      input_file_id: file.id,
      request_counts: { total: 3, completed: 0, failed: 0 },
      metadata: { run: 'nightly' },
      expires_at: created.created_at + 24 * 3600,
    });

    const batch: Batch = await awaitBatch(client, clock, sims, created.id);
    expect(batch).toMatchObject({
      status: 'completed',
      request_counts: { total: 3, completed: 3, failed: 0 },
      output_file_id: `file-${created.id}-output`,
      error_file_id: null,
    });
    const lines = await resultLines(client, batch.output_file_id);
    expect(
      lines.map((l) => [l.custom_id, l.response.status_code, l.response.body.llmux.provider]),
    ).toEqual([
      ['triage', 200, 'anthropic'],
      ['logs', 200, 'gemini'],
      ['pinned', 200, 'openai'],
    ]);
    const pinned = lines[2].response.body;
    expect(pinned).toMatchObject({
      object: 'chat.completion',
      model: 'gpt-5',
      choices: [
        {
          message: { role: 'assistant', content: 'Echo: Why did the deploy fail?' },
          finish_reason: 'stop',
        },
      ],
    });
    // At batch prices.
    const usage = {
      inputTokens: pinned.usage.prompt_tokens,
      outputTokens: pinned.usage.completion_tokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    };
    expect(pinned.llmux.cost_usd).toBe(
      defaultCatalog.costOf(usage, 'openai', 'gpt-5', { batch: true }),
    );
    // The batches went to the providers' batch APIs, not their live endpoints.
    expect(gateway.stack.simulators.openai!.counters.byStatus).toEqual({ 200: expect.any(Number) });
    expect(await client.files.retrieve(batch.output_file_id!)).toMatchObject({
      purpose: 'batch_output',
    });
  });

  it('cancels a batch: what it had not answered is in the error file as batch_cancelled', async () => {
    const { gateway, client, clock } = await startTestGateway();
    const sims = Object.values(gateway.stack.simulators) as Simulator[];
    gateway.stack.simulators.openai!.configure({ batch: { queueMs: 10 * HOUR } });
    const created = await create(client, [
      line('a', { model: 'openai/gpt-5', messages: ask('a') }),
    ]);
    await quiet(clock, sims);
    expect(await client.batches.cancel(created.id)).toMatchObject({ status: 'cancelling' });
    const batch = await awaitBatch(client, clock, sims, created.id);
    expect(batch).toMatchObject({
      status: 'cancelled',
      request_counts: { failed: 1 },
      output_file_id: null,
    });
    expect(await resultLines(client, batch.error_file_id)).toEqual([
      {
        id: expect.any(String),
        custom_id: 'a',
        response: null,
        error: { code: 'batch_cancelled', message: expect.any(String) },
      },
    ]);
  });

  it('lists a tenant’s batches newest first, page by page, and no one else’s', async () => {
    const { gateway, client, clock } = await startTestGateway();
    const ids: string[] = [];
    for (const text of ['a', 'b', 'c']) {
      ids.push((await create(client, [line(text, { model: 'auto', messages: ask(text) })])).id);
      await clock.advance(1000);
    }
    const page = await client.batches.list({ limit: 2 });
    expect(page.data.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(page.has_more).toBe(true);
    const all: string[] = [];
    for await (const batch of client.batches.list({ limit: 2 })) all.push(batch.id);
    expect(all).toEqual([...ids].reverse());

    const globex = new OpenAI({ apiKey: GLOBEX_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    expect((await globex.batches.list()).data).toEqual([]);
    expect((await refusal(globex.batches.retrieve(ids[0]!))).status).toBe(404);
  });

  it('keeps files per tenant, and deletes them', async () => {
    const { gateway, client } = await startTestGateway();
    const file = await upload(client, [line('a', { model: 'auto', messages: ask('a') })]);
    const globex = new OpenAI({ apiKey: GLOBEX_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    expect((await refusal(globex.files.retrieve(file.id))).status).toBe(404);
    expect((await refusal(globex.files.content(file.id))).status).toBe(404);
    expect(await client.files.delete(file.id)).toEqual({
      id: file.id,
      object: 'file',
      deleted: true,
    });
    const gone = await refusal(client.files.retrieve(file.id));
    expect(gone.status).toBe(404);
    expect(gone.message).toContain(`No such File object: ${file.id}`);
  });
});

describe('bad batch input, as OpenAI errors naming the field', () => {
  it.each<[string, (client: OpenAI) => Promise<unknown>, number, string | null, string]>([
    [
      'a file of another purpose',
      async (client) =>
        client.files.create({
          file: await toFile(Buffer.from('{}'), 'x.jsonl'),
          purpose: 'fine-tune',
        }),
      400,
      'purpose',
      'must be "batch"',
    ],
    [
      'an unknown input file',
      (client) =>
        client.batches.create({
          input_file_id: 'file-nope',
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        }),
      404,
      'input_file_id',
      'No such File object: file-nope',
    ],
    [
      'another endpoint',
      async (client) =>
        client.batches.create({
          input_file_id: (await upload(client, [])).id,
          endpoint: '/v1/embeddings',
          completion_window: '24h',
        }),
      400,
      'endpoint',
      'must be "/v1/chat/completions"',
    ],
    [
      'a line without messages',
      (client) =>
        create(client, [
          line('a', { model: 'auto', messages: ask('fine') }),
          line('b', { model: 'auto' }),
        ]),
      400,
      'input_file_id',
      'line 2 (custom_id "b"), body: Invalid "messages"',
    ],
    [
      'a line that is not JSON',
      async (client) =>
        client.batches.create({
          input_file_id: (await upload(client, '{"custom_id": \n')).id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
        }),
      400,
      'input_file_id',
      'line 1 is not JSON',
    ],
    [
      'two lines with one custom_id',
      (client) =>
        create(client, [
          line('a', { model: 'auto', messages: ask('a') }),
          line('a', { model: 'auto', messages: ask('b') }),
        ]),
      400,
      'input_file_id',
      'line 2: "custom_id" must be a non-empty string, unique in the file',
    ],
    [
      'a model not served here',
      (client) => create(client, [line('a', { model: 'gpt-2', messages: ask('a') })]),
      404,
      'input_file_id',
      'The model "gpt-2" is not served here',
    ],
    [
      'metadata that is not strings',
      async (client) =>
        client.batches.create({
          input_file_id: (await upload(client, [line('a', { model: 'auto', messages: ask('a') })]))
            .id,
          endpoint: '/v1/chat/completions',
          completion_window: '24h',
          metadata: { count: 3 as unknown as string },
        }),
      400,
      'metadata',
      'must be at most 16 string values',
    ],
  ])('refuses %s', async (_, call, status, param, message) => {
    const { client } = await startTestGateway();
    const error = await refusal(call(client));
    expect(error.status).toBe(status);
    expect(error.error).toMatchObject({ param, type: 'invalid_request_error' });
    expect(error.message).toContain(message);
  });

  it('wants a tenant key, and refuses other methods on its paths', async () => {
    const { gateway } = await startTestGateway();
    expect((await fetch(`${gateway.url}/v1/batches`)).status).toBe(401);
    const put = await fetch(`${gateway.url}/v1/batches`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ACME_KEY}` },
    });
    expect(put.status).toBe(405);
  });
});
