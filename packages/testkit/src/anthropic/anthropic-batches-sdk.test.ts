import Anthropic from '@anthropic-ai/sdk';
import type {
  MessageBatch,
  MessageBatchIndividualResponse,
} from '@anthropic-ai/sdk/resources/messages/batches';
import { approximateTokens, createManualClock } from '@llmux/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchFixtureJson, keyPaths } from '../simulator/batch-fixtures.js';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let client: Anthropic;
/** The clock when the test began. */
let t0: number;

beforeAll(async () => {
  sim = await startSimulator('anthropic', { clock });
  client = new Anthropic({ apiKey: 'k', baseURL: sim.baseURL, maxRetries: 0 });
});
beforeEach(() => {
  t0 = clock.now();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const iso = (ms: number) => new Date(ms).toISOString();

const request = (customId: string, text: string, params: Record<string, unknown> = {}) => ({
  custom_id: customId,
  params: {
    model: 'claude-haiku-4-5',
    max_tokens: 100,
    messages: [{ role: 'user' as const, content: text }],
    ...params,
  },
});
const fourRequests = ['a', 'b', 'c', 'd'].map((id) => request(id, `question ${id}`));

const readAfter = async (ms: number, batch: MessageBatch) => {
  await clock.advance(ms);
  return client.messages.batches.retrieve(batch.id);
};

const results = async (batch: MessageBatch) => {
  const lines: MessageBatchIndividualResponse[] = [];
  for await (const line of await client.messages.batches.results(batch.id)) lines.push(line);
  return lines;
};

const failure = async (call: () => Promise<unknown>) => {
  try {
    await call();
  } catch (error) {
    if (error instanceof Anthropic.APIError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
};

describe('Anthropic Message Batches API through the official SDK', () => {
  it('processes a batch on the clock, counting requests as processing until it ends', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 4 * MINUTE, finalizingMs: 0 } });
    const batch = await client.messages.batches.create({ requests: fourRequests });
    expect(batch).toEqual({
      id: expect.stringMatching(/^msgbatch_01\w{22}$/),
      type: 'message_batch',
      processing_status: 'in_progress',
      request_counts: { processing: 4, succeeded: 0, errored: 0, canceled: 0, expired: 0 },
      ended_at: null,
      created_at: iso(t0),
      expires_at: iso(t0 + 24 * HOUR),
      archived_at: null,
      cancel_initiated_at: null,
      results_url: null,
    });
    const [documented] = batchFixtureJson('anthropic-message-batch.json');
    expect(keyPaths(batch).sort()).toEqual(keyPaths(documented).sort());
    const halfway = await readAfter(3 * MINUTE, batch);
    expect(halfway.processing_status).toBe('in_progress');
    expect(halfway.request_counts).toMatchObject({ processing: 4, succeeded: 0 });

    const ended = await readAfter(MINUTE, batch);
    expect(ended).toMatchObject({
      processing_status: 'ended',
      request_counts: { processing: 0, succeeded: 4, errored: 0, canceled: 0, expired: 0 },
      ended_at: iso(t0 + 4 * MINUTE),
      results_url: `${sim.url}/v1/messages/batches/${batch.id}/results`,
    });
    const lines = await results(batch);
    expect(lines.map((line) => line.custom_id)).toEqual(['a', 'b', 'c', 'd']);
    const [documentedLine] = batchFixtureJson('anthropic-batch-results.jsonl');
    expect(keyPaths(lines[0])).toEqual(expect.arrayContaining(keyPaths(documentedLine)));
    expect(lines[0]).toEqual({
      custom_id: 'a',
      result: {
        type: 'succeeded',
        message: expect.objectContaining({
          id: expect.stringMatching(/^msg_01/),
          type: 'message',
          model: 'claude-haiku-4-5',
          content: [{ type: 'text', text: 'Echo: question a' }],
          stop_reason: 'end_turn',
          usage: expect.objectContaining({
            input_tokens: approximateTokens('question a'),
            output_tokens: approximateTokens('Echo: question a'),
            service_tier: 'batch',
          }),
        }),
      },
    });
    expect(sim.counters.batches).toMatchObject({
      created: 1,
      ended: { completed: 1 },
      items: { submitted: 4, succeeded: 4 },
      inputTokens: 4 * approximateTokens('question a'),
    });
  });

  it('ends requests the API refuses, and a share failing, as errored with the error response', async () => {
    sim.configure({ batch: { failureShare: 0.25, failureStatus: 529 } });
    const noMaxTokens = { custom_id: 'bad', params: { model: 'claude-haiku-4-5', messages: [] } };
    const batch = await client.messages.batches.create({
      requests: [...fourRequests, noMaxTokens as never],
    });
    const ended = await readAfter(HOUR, batch);
    expect(ended.request_counts).toEqual({
      processing: 0,
      succeeded: 3,
      errored: 2,
      canceled: 0,
      expired: 0,
    });
    const lines = await results(batch);
    expect(lines[3]).toEqual({
      custom_id: 'd',
      result: {
        type: 'errored',
        error: {
          type: 'error',
          error: { type: 'overloaded_error', message: 'Overloaded' },
          request_id: expect.stringMatching(/^req_/),
        },
      },
    });
    expect(lines[4]?.result).toMatchObject({
      type: 'errored',
      error: { error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } },
    });
  });

  it('expires the requests not processed within 24 hours', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 48 * HOUR } });
    const batch = await client.messages.batches.create({ requests: fourRequests });
    const ended = await readAfter(24 * HOUR, batch);
    expect(ended).toMatchObject({
      processing_status: 'ended',
      ended_at: iso(t0 + 24 * HOUR),
      request_counts: { processing: 0, succeeded: 2, expired: 2 },
    });
    expect((await results(batch)).map((line) => line.result.type)).toEqual([
      'succeeded',
      'succeeded',
      'expired',
      'expired',
    ]);
    expect(sim.counters.batches.ended.expired).toBe(1);
  });

  it('cancels mid-way: canceling, then ended with the rest canceled', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 4 * MINUTE, cancellingMs: 30_000 } });
    const batch = await client.messages.batches.create({ requests: fourRequests });
    await clock.advance(MINUTE);
    const canceling = await client.messages.batches.cancel(batch.id);
    expect(canceling).toMatchObject({
      processing_status: 'canceling',
      cancel_initiated_at: iso(t0 + MINUTE),
      request_counts: { processing: 4 },
    });
    const ended = await readAfter(30_000, batch);
    expect(ended).toMatchObject({
      processing_status: 'ended',
      ended_at: iso(t0 + MINUTE + 30_000),
      request_counts: { succeeded: 1, canceled: 3 },
    });
    expect((await results(batch)).map((line) => line.result)).toEqual([
      expect.objectContaining({ type: 'succeeded' }),
      { type: 'canceled' },
      { type: 'canceled' },
      { type: 'canceled' },
    ]);
    expect((await failure(() => client.messages.batches.cancel(batch.id))).status).toBe(400);
  });

  it('lists batches newest first, page by page, and deletes only ended ones', async () => {
    const ids = [];
    for (const entry of fourRequests) {
      ids.push((await client.messages.batches.create({ requests: [entry] })).id);
    }
    const page = await client.messages.batches.list({ limit: 3 });
    expect(page.data.map((batch) => batch.id)).toEqual(ids.slice(1).reverse());
    expect(page).toMatchObject({ has_more: true, first_id: ids[3], last_id: ids[1] });
    const all = [];
    for await (const batch of client.messages.batches.list({ limit: 3 })) all.push(batch.id);
    expect(all).toEqual([...ids].reverse());

    const [first = ''] = ids;
    const inProgress = await failure(() => client.messages.batches.delete(first));
    expect(inProgress).toBeInstanceOf(Anthropic.BadRequestError);
    await clock.advance(HOUR);
    expect(await client.messages.batches.delete(first)).toEqual({
      id: first,
      type: 'message_batch_deleted',
    });
    expect(await failure(() => client.messages.batches.retrieve(first))).toBeInstanceOf(
      Anthropic.NotFoundError,
    );
  });

  it('archives a batch after 29 days: it can be read, its results no longer', async () => {
    const batch = await client.messages.batches.create({ requests: fourRequests });
    const archived = await readAfter(29 * 24 * HOUR, batch);
    expect(archived.archived_at).toBe(iso(t0 + 29 * 24 * HOUR));
    const response = await fetch(archived.results_url ?? '');
    expect(response.status).toBe(404);
  });

  it('refuses a malformed batch at once with the API error body', async () => {
    const create = (requests: unknown) =>
      failure(() => client.messages.batches.create({ requests } as never));
    expect((await create(undefined)).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'requests: Field required' },
    });
    expect((await create([])).status).toBe(400);
    expect((await create([{ ...fourRequests[0], custom_id: 'has space' }])).status).toBe(400);
    expect((await create([fourRequests[0], fourRequests[0]])).message).toContain(
      "Duplicate custom_id 'a'",
    );
    expect((await create([{ custom_id: 'x' }])).message).toContain(
      'requests.0.params: Field required',
    );
  });

  it('refuses a batch beyond the enqueued token limit with a 429', async () => {
    sim.configure({ batch: { enqueuedTokenLimit: 10 } });
    await client.messages.batches.create({ requests: fourRequests.slice(0, 2) });
    const refused = await failure(() =>
      client.messages.batches.create({ requests: fourRequests.slice(2) }),
    );
    expect(refused).toBeInstanceOf(Anthropic.RateLimitError);
    expect(sim.counters.batches.created).toBe(1);
  });

  it('says why results are not ready while the batch is processing', async () => {
    const batch = await client.messages.batches.create({ requests: fourRequests });
    const response = await fetch(`${sim.url}/v1/messages/batches/${batch.id}/results`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});
