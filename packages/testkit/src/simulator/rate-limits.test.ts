import Anthropic, { type APIError } from '@anthropic-ai/sdk';
import { approximateTokens, createManualClock, type ManualClock } from '@llmux/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './start-simulator.js';

let sim: Simulator;
let client: Anthropic;
let clock: ManualClock;
const setUp = async (limits: { requestsPerMinute?: number; tokensPerMinute?: number }) => {
  clock = createManualClock(1_000_000);
  sim = await startSimulator('anthropic', { clock, behavior: { limits } });
  client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
};
afterEach(() => sim.close());

/** 40 characters of prompt: 10 input tokens; the echo answer is 12 output tokens. */
const prompt = 'x'.repeat(40);
const ask = () =>
  client.messages
    .create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      messages: [{ role: 'user', content: prompt }],
    })
    .withResponse();
const refusal = () =>
  ask().then(
    () => expect.unreachable('the call should have been rate limited'),
    (error: unknown) => error as APIError,
  );

describe('requests-per-minute and tokens-per-minute limits', () => {
  it('enforces requests per minute over a sliding window, with the rate-limit headers', async () => {
    await setUp({ requestsPerMinute: 2 });
    const first = await ask();
    expect(first.response.headers.get('anthropic-ratelimit-requests-limit')).toBe('2');
    expect(first.response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('1');
    await clock.advance(20_000);
    const second = await ask();
    expect(second.response.headers.get('anthropic-ratelimit-requests-remaining')).toBe('0');

    const error = await refusal();
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('40');
    expect(error.headers?.get('anthropic-ratelimit-requests-remaining')).toBe('0');
    expect(error.error).toMatchObject({ error: { type: 'rate_limit_error' } });
    expect(sim.counters.rateLimited).toBe(1);

    await clock.advance(40_000);
    expect((await ask()).data.type).toBe('message');
    expect((await refusal()).headers?.get('retry-after')).toBe('20');
  });

  it('enforces tokens per minute, counting input on admission and output after', async () => {
    const perCall = approximateTokens(prompt) + approximateTokens(`Echo: ${prompt}`);
    expect(perCall).toBe(22);
    await setUp({ tokensPerMinute: 50 });
    const first = await ask();
    expect(first.response.headers.get('anthropic-ratelimit-tokens-limit')).toBe('50');
    expect(first.response.headers.get('anthropic-ratelimit-tokens-remaining')).toBe('40');
    await ask();
    // 44 tokens used: 10 more input tokens do not fit.
    const error = await refusal();
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get('anthropic-ratelimit-tokens-remaining')).toBe('6');
    expect(error.headers?.get('retry-after')).toBe('60');
    await clock.advance(60_000);
    expect((await ask()).data.type).toBe('message');
    expect(sim.counters).toMatchObject({ rateLimited: 1, byStatus: { 200: 3, 429: 1 } });
  });

  it('limits changed at run time apply to the next call; reset() empties the windows', async () => {
    await setUp({});
    await ask();
    await ask();
    sim.configure({ limits: { requestsPerMinute: 2 } });
    expect((await refusal()).status).toBe(429);
    sim.reset();
    sim.configure({ limits: { requestsPerMinute: 2 } });
    expect((await ask()).data.type).toBe('message');
  });
});
