import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BatchJob, GoogleGenAI, JobState } from '@google/genai';
import { approximateTokens, createManualClock } from '@llmux/core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { batchFixtureJson, keyPaths } from '../simulator/batch-fixtures.js';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let ai: GoogleGenAI;
/** The clock when the test began. */
let t0: number;

beforeAll(async () => {
  sim = await startSimulator('gemini', { clock });
  ai = new GoogleGenAI({ apiKey: 'gm-test', httpOptions: { baseUrl: sim.baseURL } });
});
beforeEach(() => {
  t0 = clock.now();
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'gemini-2.5-flash';
const iso = (ms: number) => new Date(ms).toISOString();
const inlined = ['a', 'b', 'c', 'd'].map((key) => ({
  contents: [{ role: 'user', parts: [{ text: `question ${key}` }] }],
  metadata: { key },
}));

const readAfter = async (ms: number, job: BatchJob) => {
  await clock.advance(ms);
  return ai.batches.get({ name: job.name ?? '' });
};

/** The batch as the REST API answers it, before the SDK reshapes it. */
interface Operation {
  name: string;
  done?: boolean;
  error?: { code: number; message: string };
  metadata: { state: string; batchStats: Record<string, string> };
  response?: unknown;
}

const operation = async (job: BatchJob): Promise<Operation> => {
  const response = await fetch(`${sim.url}/v1beta/${job.name}`);
  return response.json() as Promise<Operation>;
};

describe('Gemini Batch Mode through the official SDK', () => {
  it('moves an inline batch from pending through running to succeeded on the clock', async () => {
    sim.configure({ batch: { queueMs: MINUTE, processingMs: 4 * MINUTE, finalizingMs: 0 } });
    const job = await ai.batches.create({
      model,
      src: inlined,
      config: { displayName: 'nightly' },
    });
    expect(job).toMatchObject({
      name: expect.stringMatching(/^batches\/[a-z0-9]{36}$/),
      displayName: 'nightly',
      state: JobState.JOB_STATE_PENDING,
      model: `models/${model}`,
      createTime: iso(t0),
    });
    expect(await operation(job)).toMatchObject({
      name: job.name,
      metadata: {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
        batchStats: { requestCount: '4', pendingRequestCount: '4' },
        state: 'BATCH_STATE_PENDING',
        name: job.name,
      },
    });

    const [pending] = batchFixtureJson('gemini-operation-pending.json');
    expect(keyPaths(await operation(job)).sort()).toEqual(keyPaths(pending).sort());
    const running = await readAfter(3 * MINUTE, job);
    expect(running.state).toBe(JobState.JOB_STATE_RUNNING);
    expect((await operation(job)).metadata.batchStats).toEqual({
      requestCount: '4',
      successfulRequestCount: '2',
      pendingRequestCount: '2',
    });

    const succeeded = await readAfter(2 * MINUTE, job);
    expect(succeeded).toMatchObject({
      state: JobState.JOB_STATE_SUCCEEDED,
      endTime: iso(t0 + 5 * MINUTE),
      updateTime: iso(t0 + 5 * MINUTE),
    });
    const responses = succeeded.dest?.inlinedResponses ?? [];
    expect(responses.map((each) => each.metadata)).toEqual(inlined.map((each) => each.metadata));
    expect(responses[0]?.response?.candidates?.[0]?.content?.parts?.[0]?.text).toBe(
      'Echo: question a',
    );
    expect(responses[0]?.response?.usageMetadata).toMatchObject({
      promptTokenCount: approximateTokens('question a'),
      candidatesTokenCount: approximateTokens('Echo: question a'),
    });
    const raw = await operation(job);
    expect(raw).toMatchObject({
      done: true,
      metadata: {
        state: 'BATCH_STATE_SUCCEEDED',
        batchStats: { requestCount: '4', successfulRequestCount: '4' },
      },
      response: {
        '@type':
          'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput',
        inlinedResponses: { inlinedResponses: expect.any(Array) },
      },
    });
    expect(raw.metadata.batchStats.pendingRequestCount).toBeUndefined();
    const [documented] = batchFixtureJson('gemini-operation-succeeded.json');
    expect(keyPaths(raw)).toEqual(expect.arrayContaining(keyPaths(documented)));
    expect(sim.counters.batches).toMatchObject({
      created: 1,
      ended: { completed: 1 },
      items: { submitted: 4, succeeded: 4 },
    });
  });

  it('runs a batch of an uploaded JSONL file and writes the responses to a file', async () => {
    const lines = ['a', 'b'].map((key) =>
      JSON.stringify({ key, request: { contents: [{ parts: [{ text: `question ${key}` }] }] } }),
    );
    const uploaded = await ai.files.upload({
      file: new Blob([lines.join('\n')], { type: 'application/jsonl' }),
      config: { displayName: 'requests.jsonl' },
    });
    expect(uploaded).toMatchObject({
      name: expect.stringMatching(/^files\/[a-z0-9]{12}$/),
      displayName: 'requests.jsonl',
      mimeType: 'application/jsonl',
      sizeBytes: String(lines.join('\n').length),
      state: 'ACTIVE',
      source: 'UPLOADED',
    });
    expect(await ai.files.get({ name: uploaded.name ?? '' })).toEqual(uploaded);

    const job = await ai.batches.create({ model, src: uploaded.name ?? '' });
    const succeeded = await readAfter(HOUR, job);
    expect(succeeded.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    const responsesFile = succeeded.dest?.fileName ?? '';
    expect(responsesFile).toMatch(/^files\/[a-z0-9]{12}$/);
    expect(await ai.files.get({ name: responsesFile })).toMatchObject({
      source: 'GENERATED',
      downloadUri: expect.stringContaining(`/download/v1beta/${responsesFile}:download?alt=media`),
    });

    const downloadPath = join(await mkdtemp(join(tmpdir(), 'gemini-batch-')), 'responses.jsonl');
    await ai.files.download({ file: responsesFile, downloadPath });
    const results = (await readFile(downloadPath, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(results.map((line) => line.key)).toEqual(['a', 'b']);
    expect(results[1].response.candidates[0].content.parts[0].text).toBe('Echo: question b');

    const rest = await fetch(`${sim.url}/download/v1beta/${responsesFile}:download?alt=media`);
    expect(await rest.text()).toBe(await readFile(downloadPath, 'utf8'));
  });

  it('reports failed requests in place of their response, with an RPC status', async () => {
    sim.configure({ batch: { failureShare: 0.25 } });
    const invalid = {
      contents: [{ role: 'system', parts: [{ text: 'x' }] }],
      metadata: { key: 'bad' },
    };
    const job = await ai.batches.create({ model, src: [...inlined, invalid] });
    const done = await readAfter(HOUR, job);
    expect(done.state).toBe(JobState.JOB_STATE_SUCCEEDED);
    const responses = done.dest?.inlinedResponses ?? [];
    expect(responses[3]).toEqual({
      metadata: { key: 'd' },
      error: { code: 13, message: 'Internal server error' },
    });
    expect(responses[4]).toMatchObject({
      metadata: { key: 'bad' },
      error: { code: 3, message: 'Please use a valid role: user, model.' },
    });
    expect((await operation(job)).metadata.batchStats).toEqual({
      requestCount: '5',
      successfulRequestCount: '3',
      failedRequestCount: '2',
    });
  });

  it('expires a batch not finished within 48 hours, keeping the responses it has', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 64 * HOUR } });
    const job = await ai.batches.create({ model, src: inlined });
    expect((await readAfter(47 * HOUR, job)).state).toBe(JobState.JOB_STATE_RUNNING);
    const expired = await readAfter(HOUR, job);
    expect(expired).toMatchObject({
      state: JobState.JOB_STATE_EXPIRED,
      endTime: iso(t0 + 48 * HOUR),
    });
    const responses = expired.dest?.inlinedResponses ?? [];
    expect(responses.map((each) => (each.response ? 'response' : each.error?.code))).toEqual([
      'response',
      'response',
      'response',
      4,
    ]);
    expect(sim.counters.batches.ended.expired).toBe(1);
  });

  it('cancels mid-way: running until the cancel takes effect, then cancelled', async () => {
    sim.configure({ batch: { queueMs: 0, processingMs: 4 * MINUTE, cancellingMs: 10_000 } });
    const job = await ai.batches.create({ model, src: inlined });
    await clock.advance(2 * MINUTE);
    await ai.batches.cancel({ name: job.name ?? '' });
    expect((await ai.batches.get({ name: job.name ?? '' })).state).toBe(JobState.JOB_STATE_RUNNING);
    const cancelled = await readAfter(10_000, job);
    expect(cancelled.state).toBe(JobState.JOB_STATE_CANCELLED);
    const responses = cancelled.dest?.inlinedResponses ?? [];
    expect(responses.map((each) => (each.response ? 'response' : each.error?.code))).toEqual([
      'response',
      'response',
      1,
      1,
    ]);
    const again = await fetch(`${sim.url}/v1beta/${job.name}:cancel`, { method: 'POST' });
    expect(again.status).toBe(400);
  });

  it('fails a batch beyond the enqueued token limit, with the reason as the operation error', async () => {
    sim.configure({ batch: { enqueuedTokenLimit: 10 } });
    await ai.batches.create({ model, src: inlined.slice(0, 2) });
    const job = await ai.batches.create({ model, src: inlined.slice(2) });
    const failed = await readAfter(1_000, job);
    expect(failed.state).toBe(JobState.JOB_STATE_FAILED);
    expect(await operation(job)).toMatchObject({
      done: true,
      error: { code: 8, message: expect.stringContaining('Enqueued token limit') },
      metadata: { state: 'BATCH_STATE_FAILED' },
    });
  });

  it('lists batches newest first, page by page, and deletes them', async () => {
    const names = [];
    for (const request of inlined) {
      names.push((await ai.batches.create({ model, src: [request] })).name);
    }
    const listed = [];
    for await (const job of await ai.batches.list({ config: { pageSize: 3 } }))
      listed.push(job.name);
    expect(listed).toEqual([...names].reverse());

    await ai.batches.delete({ name: names[0] ?? '' });
    const gone = await fetch(`${sim.url}/v1beta/${names[0]}`);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
  });

  it('takes a multipart upload as the REST API does', async () => {
    const boundary = 'sim-boundary';
    const body = [
      `--${boundary}`,
      'Content-Type: application/json; charset=UTF-8',
      '',
      JSON.stringify({ file: { displayName: 'inline.jsonl', mimeType: 'application/jsonl' } }),
      `--${boundary}`,
      'Content-Type: application/jsonl',
      '',
      '{"key":"a","request":{"contents":[{"parts":[{"text":"hi"}]}]}}',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const response = await fetch(`${sim.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-upload-protocol': 'multipart',
        'content-type': `multipart/related; boundary=${boundary}`,
      },
      body,
    });
    const { file } = (await response.json()) as { file: { name: string } };
    expect(file).toMatchObject({ displayName: 'inline.jsonl', sizeBytes: '62' });
    const listed = (await (await fetch(`${sim.url}/v1beta/files`)).json()) as {
      files: Array<{ name: string }>;
    };
    expect(listed.files.map((each) => each.name)).toEqual([file.name]);
    await ai.files.delete({ name: file.name });
    expect((await fetch(`${sim.url}/v1beta/${file.name}`)).status).toBe(404);
  });

  it('refuses a batch without requests, or of a file it does not have', async () => {
    const empty = await fetch(`${sim.url}/v1beta/models/${model}:batchGenerateContent`, {
      method: 'POST',
      body: JSON.stringify({ batch: { input_config: { requests: { requests: [] } } } }),
    });
    expect(empty.status).toBe(400);
    await expect(ai.batches.create({ model, src: 'files/missing' })).rejects.toMatchObject({
      status: 404,
    });
  });
});
