import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { anthropicBatch } from './anthropic/anthropic-batch-adapter.js';
import { ask, HOUR, models, type ProviderName, startProviders } from './batch-test-setup.js';
import { geminiBatch } from './gemini/gemini-batch-adapter.js';
import { openaiBatch } from './openai/openai-batch-adapter.js';

const providers: ProviderName[] = ['openai', 'anthropic', 'gemini'];
const requests = ['a', 'b', 'c', 'd'].map((text) => ask(text));

describe.each(providers)('the %s batch adapter', (provider) => {
  const model = models[provider];

  it('submits, reports the state on the clock, and reads results and item errors back', async () => {
    const { clock, sims, adapters } = await startProviders();
    sims[provider].configure({ batch: { failureShare: 0.25, failureStatus: 429 } });
    const adapter = adapters[provider];
    const { ref, refused } = await adapter.submit(model, requests, 'job-1');
    expect(refused.filter(Boolean)).toEqual([]);
    expect(await adapter.status(ref!)).toEqual({ state: 'running' });
    await clock.advance(2 * HOUR);
    expect(await adapter.status(ref!)).toEqual({ state: 'ended' });
    const results = await adapter.results(ref!, model, requests);
    expect(results.map((r) => (r?.ok ? r.response.content : r?.error.kind))).toEqual([
      [{ type: 'text', text: 'Echo: a' }],
      [{ type: 'text', text: 'Echo: b' }],
      [{ type: 'text', text: 'Echo: c' }],
      'rate_limited',
    ]);
    const first = results[0];
    expect(first?.ok && first.response).toMatchObject({
      provider,
      usage: { inputTokens: expect.any(Number) },
    });
  });

  it('cancels: the batch ends cancelled, keeping what it answered', async () => {
    const { clock, adapters } = await startProviders();
    const adapter = adapters[provider];
    const { ref } = await adapter.submit(model, requests, 'job-1');
    await clock.advance(40 * 60_000);
    await adapter.cancel(ref!);
    await clock.advance(60_000);
    const status = await adapter.status(ref!);
    expect(status.state).toBe('cancelled');
    const results = await adapter.results(ref!, model, requests);
    expect(results.map((r) => r?.ok ?? 'unanswered')).toEqual([
      true,
      true,
      'unanswered',
      'unanswered',
    ]);
  });

  it('refuses at once a request it cannot build, and sends the others', async () => {
    const { adapters } = await startProviders();
    const { ref, refused } = await adapters[provider].submit(
      model,
      [{ messages: [] }, ask('fine')],
      'job-1',
    );
    expect(ref).toBeDefined();
    expect(refused[0]).toMatchObject({ kind: 'invalid_request' });
    expect(refused[1]).toBeUndefined();
  });

  it("maps the provider's refusal of a call to a typed error", async () => {
    const { sims, adapters } = await startProviders();
    sims[provider].configure({ outage: true });
    await expect(adapters[provider].submit(model, requests, 'job-1')).rejects.toMatchObject({
      kind: 'overloaded',
      provider,
    });
  });
});

describe('provider specifics', () => {
  it('OpenAI: the job deletes its input, output and error files once collected', async () => {
    const { clock, sims, adapters } = await startProviders();
    sims.openai.configure({ batch: { failureShare: 0.5 } });
    const { ref } = await adapters.openai.submit(models.openai, requests, 'job-1');
    await clock.advance(2 * HOUR);
    const client = new OpenAI({ apiKey: 'test-key', baseURL: sims.openai.baseURL, maxRetries: 0 });
    const files = async () => {
      const ids: string[] = [];
      for await (const file of client.files.list()) ids.push(file.id);
      return ids;
    };
    expect(await files()).toHaveLength(3);
    await adapters.openai.discard!(ref!);
    expect(await files()).toEqual([]);
  });

  it('Gemini: requests go inline up to inlineMaxBytes, in an uploaded JSONL file beyond', async () => {
    const { clock, sims } = await startProviders();
    const settings = { apiKey: 'test-key', baseURL: sims.gemini.baseURL, clock };
    const inline = await geminiBatch(settings).submit(models.gemini, requests, 'job-1');
    expect(inline.ref?.files).toBeUndefined();
    const filed = await geminiBatch({ ...settings, inlineMaxBytes: 100 }).submit(
      models.gemini,
      requests,
      'job-2',
    );
    expect(filed.ref?.files).toEqual([expect.stringMatching(/^files\//)]);
    await clock.advance(2 * HOUR);
    const results = await geminiBatch(settings).results(filed.ref!, models.gemini, requests);
    expect(results.map((r) => r?.ok)).toEqual([true, true, true, true]);
    await geminiBatch(settings).discard!(filed.ref!);
  });

  it('without an API key, calls fail with authentication naming where to put one', async () => {
    await expect(openaiBatch({ env: {} }).status({ id: 'batch_1' })).rejects.toMatchObject({
      kind: 'authentication',
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
    await expect(anthropicBatch({ env: {} }).status({ id: 'b' })).rejects.toMatchObject({
      kind: 'authentication',
    });
    await expect(geminiBatch({ env: {} }).status({ id: 'b' })).rejects.toMatchObject({
      kind: 'authentication',
    });
  });

  it('checks its settings, naming the field', () => {
    expect(() => openaiBatch({ baseURL: 'nowhere' })).toThrow(
      'Invalid openaiBatch setting "baseURL"',
    );
    expect(() => anthropicBatch({ timeoutMs: -1 })).toThrow(
      'Invalid anthropicBatch setting "timeoutMs"',
    );
    expect(() => geminiBatch({ inlineMaxBytes: 1.5 })).toThrow(
      'Invalid geminiBatch setting "inlineMaxBytes": expected an integer >= 0, got 1.5',
    );
  });
});
