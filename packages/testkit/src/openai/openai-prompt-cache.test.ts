import { createManualClock } from '@llmux/core';
import OpenAI, { APIError } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';

const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let client: OpenAI;
beforeAll(async () => {
  sim = await startSimulator('openai', { clock });
  client = new OpenAI({ apiKey: 'sk-test', baseURL: sim.baseURL, maxRetries: 0, logLevel: 'off' });
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const MINUTE = 60_000;
/** About 1600 tokens of a stable system prompt. */
const runbook = 'Check the dashboards first, then the logs, then page the owner.\n'.repeat(100);

const ask = async (
  question: string,
  extra: Partial<ChatCompletionCreateParamsNonStreaming> = {},
  system = runbook,
) => {
  const completion = await client.chat.completions.create({
    model: 'gpt-5.1',
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: question },
    ],
    ...extra,
  });
  return completion.usage?.prompt_tokens_details?.cached_tokens ?? 0;
};

describe('OpenAI prompt caching in the simulator', () => {
  it('reports a repeated prefix of 1024 tokens or more as cached, from 1024 in steps of 128', async () => {
    expect(await ask('Is the disk full?')).toBe(0);
    const cached = await ask('Is the network down?');
    expect(cached).toBeGreaterThanOrEqual(1_024);
    expect((cached - 1_024) % 128).toBe(0);
    expect(cached).toBeLessThanOrEqual(1_600);
  });

  it('caches nothing for a prompt under 1024 tokens', async () => {
    const short = 'Answer briefly.';
    expect(await ask('one', {}, short)).toBe(0);
    expect(await ask('two', {}, short)).toBe(0);
  });

  it('shares a cache only between requests routed alike: same start, same prompt_cache_key', async () => {
    await ask('one', { prompt_cache_key: 'tenant-a' });
    expect(await ask('two', { prompt_cache_key: 'tenant-b' })).toBe(0);
    expect(await ask('three', { prompt_cache_key: 'tenant-a' })).toBeGreaterThan(0);
  });

  it('keeps in_memory prefixes minutes after their last use, 24h ones for a day', async () => {
    await ask('one', { prompt_cache_retention: 'in_memory' });
    await clock.advance(6 * MINUTE);
    expect(await ask('two', { prompt_cache_retention: 'in_memory' })).toBe(0);
    await ask('three', { prompt_cache_retention: '24h' });
    await clock.advance(20 * 60 * MINUTE);
    expect(await ask('four', { prompt_cache_retention: '24h' })).toBeGreaterThan(0);
  });

  it('reports cached tokens in the usage chunk of a stream', async () => {
    await ask('one');
    const stream = await client.chat.completions.create({
      model: 'gpt-5.1',
      messages: [
        { role: 'system', content: runbook },
        { role: 'user', content: 'two' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    let cached = 0;
    for await (const chunk of stream)
      cached = chunk.usage?.prompt_tokens_details?.cached_tokens ?? cached;
    expect(cached).toBeGreaterThanOrEqual(1_024);
  });

  it('refuses a retention the model does not take, with the API wording', async () => {
    const refused = async (model: string, retention: string) => {
      const error = await client.chat.completions
        .create({
          model,
          messages: [{ role: 'user', content: 'hi' }],
          prompt_cache_retention: retention as 'in_memory',
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIError);
      return (error as APIError).message;
    };
    expect(await refused('gpt-6-luna', 'in_memory')).toContain(
      'This model is compatible only with 24h extended prompt caching',
    );
    expect(await refused('gpt-5.1', '1h')).toContain(
      "Invalid value: '1h'. Supported values are: 'in_memory' and '24h'.",
    );
  });
});
