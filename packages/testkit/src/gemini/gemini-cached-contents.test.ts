import { ApiError, type CachedContent, GoogleGenAI } from '@google/genai';
import { createManualClock } from '@llmux/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../simulator/start-simulator.js';
import { startSimulator } from '../simulator/start-simulator.js';

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
let sim: Simulator;
let ai: GoogleGenAI;
beforeAll(async () => {
  sim = await startSimulator('gemini', { clock });
  ai = new GoogleGenAI({ apiKey: 'gm-test', httpOptions: { baseUrl: sim.baseURL } });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const model = 'gemini-2.5-flash';
/** About 1600 tokens: above the 1024 an explicit cache needs, below 2.5 Flash's implicit 2048. */
const runbook = 'Check the dashboards first, then the logs, then page the owner.\n'.repeat(100);
const config = { automaticContinuation: false };

const create = (extra: Record<string, unknown> = {}) =>
  ai.caches.create({
    model,
    config: {
      systemInstruction: runbook,
      contents: [{ role: 'user', parts: [{ text: 'Context.' }] }],
      ...extra,
    },
  });

/** The error body of a failed call, which the SDK puts in its ApiError's message as JSON. */
const failure = async (call: () => Promise<unknown>) => {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return JSON.parse((error as ApiError).message).error as Record<string, unknown>;
};

const listed = async () => {
  const names: string[] = [];
  for await (const cache of await ai.caches.list()) names.push(cache.name ?? '');
  return names;
};

const notFound = {
  code: 403,
  message: 'CachedContent not found (or permission denied)',
  status: 'PERMISSION_DENIED',
};

describe('Gemini cachedContents in the simulator', () => {
  it('creates a cache as the API shows one, never echoing what it holds', async () => {
    const cache = await create({ ttl: '300s', displayName: 'runbook' });
    expect(cache).toEqual({
      name: expect.stringMatching(/^cachedContents\/[a-z0-9]{40}$/),
      model: `models/${model}`,
      createTime: '2026-11-25T10:00:00.000Z',
      updateTime: '2026-11-25T10:00:00.000Z',
      expireTime: '2026-11-25T10:05:00.000Z',
      displayName: 'runbook',
      usageMetadata: { totalTokenCount: expect.any(Number) },
    } satisfies CachedContent);
    expect(cache.usageMetadata?.totalTokenCount).toBeGreaterThan(1_500);
    expect((await create()).expireTime).toBe('2026-11-25T11:00:00.000Z');
  });

  it('gets, lists, patches the lifetime of and deletes a cache', async () => {
    const { name = '' } = await create({ ttl: '300s' });
    expect((await ai.caches.get({ name })).name).toBe(name);
    expect(await listed()).toEqual([name]);
    await clock.advance(60_000);
    const patched = await ai.caches.update({ name, config: { ttl: '600s' } });
    expect(patched).toMatchObject({
      updateTime: '2026-11-25T10:01:00.000Z',
      expireTime: '2026-11-25T10:11:00.000Z',
    });
    await ai.caches.delete({ name });
    expect(await failure(() => ai.caches.get({ name }))).toEqual(notFound);
    expect(await listed()).toEqual([]);
  });

  it('lets a cache expire on the clock', async () => {
    const { name = '' } = await create({ ttl: '300s' });
    await clock.advance(299_999);
    expect(await listed()).toEqual([name]);
    await clock.advance(1);
    expect(await listed()).toEqual([]);
    expect(await failure(() => ai.caches.update({ name, config: { ttl: '60s' } }))).toEqual(
      notFound,
    );
  });

  it('refuses a cache below the model minimum, and a lifetime that is not a duration', async () => {
    expect(await failure(() => create({ systemInstruction: 'Short.' }))).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: expect.stringMatching(
        /^Cached content is too small\. total_token_count=\d+, min_total_token_count=1024$/,
      ),
    });
    const pro = await failure(() =>
      ai.caches.create({ model: 'gemini-2.5-pro', config: { systemInstruction: runbook } }),
    );
    expect(pro.message).toMatch(/min_total_token_count=2048$/);
    expect((await failure(() => create({ ttl: '5 minutes' }))).code).toBe(400);
  });

  it('reads a cache named in cachedContent: all of its tokens, counted in the prompt too', async () => {
    const cache = await create();
    const answer = await ai.models.generateContent({
      model,
      contents: 'Is the disk full?',
      config: { ...config, cachedContent: cache.name },
    });
    const held = cache.usageMetadata?.totalTokenCount ?? 0;
    expect(answer.usageMetadata).toMatchObject({
      cachedContentTokenCount: held,
      promptTokenCount: held + 5,
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: held }],
    });
  });

  it('refuses an unknown cache, one of another model, and one beside a system instruction', async () => {
    const generate = (extra: Record<string, unknown>, modelId = model) =>
      failure(() =>
        ai.models.generateContent({
          model: modelId,
          contents: 'hi',
          config: { ...config, ...extra },
        }),
      );
    expect(await generate({ cachedContent: 'cachedContents/gone' })).toEqual(notFound);
    const { name } = await create();
    expect(await generate({ cachedContent: name }, 'gemini-3.5-flash')).toMatchObject({
      code: 400,
      message: `Model used by GenerateContent request (models/gemini-3.5-flash) and CachedContent (models/${model}) has to be the same.`,
    });
    expect(await generate({ cachedContent: name, systemInstruction: runbook })).toMatchObject({
      code: 400,
      message: expect.stringContaining(
        'CachedContent can not be used with GenerateContent request setting system_instruction, tools or tool_config.',
      ),
    });
  });

  it('takes a function response whose call turn is the last one in the cache', async () => {
    const { name } = await create({
      contents: [
        { role: 'user', parts: [{ text: 'Check the disk.' }] },
        { role: 'model', parts: [{ functionCall: { name: 'df', args: {} } }] },
      ],
    });
    const answer = await ai.models.generateContent({
      model,
      contents: [
        { role: 'user', parts: [{ functionResponse: { name: 'df', response: { full: false } } }] },
      ],
      config: { ...config, cachedContent: name },
    });
    expect(answer.usageMetadata?.cachedContentTokenCount).toBeGreaterThan(0);
  });

  it('caches implicitly a prefix a recent call to the same model shared, once it is long enough', async () => {
    const ask = async (question: string, system: string, modelId = model) =>
      (
        await ai.models.generateContent({
          model: modelId,
          contents: question,
          config: { ...config, systemInstruction: system },
        })
      ).usageMetadata?.cachedContentTokenCount;
    const long = runbook.repeat(2);
    expect(await ask('one', long)).toBeUndefined();
    expect(await ask('two', long)).toBeGreaterThan(3_000);
    expect(await ask('three', long, 'gemini-2.5-pro')).toBeUndefined();
    expect(await ask('one', runbook)).toBeUndefined();
    expect(await ask('two', runbook)).toBeUndefined();
  });
});
