import Anthropic, { APIError } from '@anthropic-ai/sdk';
import type {
  CacheControlEphemeral,
  MessageParam,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { createManualClock } from '@llmux/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import { minimumCacheableTokens } from './anthropic-prompt-cache.js';

const clock = createManualClock(1_700_000_000_000);
let sim: Simulator;
let client: Anthropic;
beforeAll(async () => {
  sim = await startSimulator('anthropic', { clock });
  client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const MINUTE = 60_000;
/** About 1600 tokens: above the 1024 most models need, below Haiku 4.5's 4096. */
const runbook = 'Check the dashboards first, then the logs, then page the owner.\n'.repeat(100);
const ephemeral = (ttl?: '5m' | '1h'): CacheControlEphemeral =>
  ttl ? { type: 'ephemeral', ttl } : { type: 'ephemeral' };

const ask = (
  question: string,
  options: { ttl?: '5m' | '1h'; model?: string; messages?: MessageParam[] } = {},
) =>
  client.messages.create({
    model: options.model ?? 'claude-sonnet-5',
    max_tokens: 100,
    system: [{ type: 'text', text: runbook, cache_control: ephemeral(options.ttl) }],
    messages: options.messages ?? [{ role: 'user', content: question }],
  });

describe('Anthropic prompt caching in the simulator', () => {
  it('writes a breakpoint prefix on first use and reads it on the next call', async () => {
    const first = await ask('Is the disk full?');
    const written = first.usage.cache_creation_input_tokens ?? 0;
    expect(written).toBeGreaterThan(1_500);
    expect(first.usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: written, ephemeral_1h_input_tokens: 0 },
    });
    const second = await ask('Is the network down?');
    expect(second.usage).toMatchObject({
      cache_read_input_tokens: written,
      cache_creation_input_tokens: 0,
    });
    // Only what follows the breakpoint is billed as plain input.
    expect(second.usage.input_tokens).toBeLessThan(20);
  });

  it('reports the cache counts in a stream, as the recordings show them', async () => {
    await ask('Is the disk full?');
    const events: RawMessageStreamEvent[] = [];
    const stream = await client.messages.create({
      model: 'claude-sonnet-5',
      max_tokens: 100,
      stream: true,
      system: [{ type: 'text', text: runbook, cache_control: ephemeral() }],
      messages: [{ role: 'user', content: 'Is the network down?' }],
    });
    for await (const event of stream) events.push(event);
    const start = events.find((event) => event.type === 'message_start');
    expect(start?.type === 'message_start' && start.message.usage).toMatchObject({
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: expect.any(Number),
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
    });
    const delta = events.find((event) => event.type === 'message_delta');
    expect(delta?.type === 'message_delta' && delta.usage.cache_read_input_tokens).toBeGreaterThan(
      1_500,
    );
  });

  it('forgets a 5-minute prefix 5 minutes after its last use; each read restarts that', async () => {
    const written = (await ask('one')).usage.cache_creation_input_tokens;
    await clock.advance(4 * MINUTE);
    expect((await ask('two')).usage.cache_read_input_tokens).toBe(written);
    await clock.advance(4 * MINUTE);
    expect((await ask('three')).usage.cache_read_input_tokens).toBe(written);
    await clock.advance(5 * MINUTE);
    expect((await ask('four')).usage).toMatchObject({
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: written,
    });
  });

  it('writes 1-hour breakpoints apart, and keeps them for the hour', async () => {
    const first = await ask('one', { ttl: '1h' });
    const written = first.usage.cache_creation_input_tokens;
    expect(first.usage.cache_creation).toEqual({
      ephemeral_5m_input_tokens: 0,
      ephemeral_1h_input_tokens: written,
    });
    await clock.advance(50 * MINUTE);
    expect((await ask('two', { ttl: '1h' })).usage.cache_read_input_tokens).toBe(written);
  });

  it('ignores a breakpoint below the model minimum, and caches per model', async () => {
    expect(minimumCacheableTokens('claude-haiku-4-5')).toBe(4096);
    for (const question of ['one', 'two']) {
      const { usage } = await ask(question, { model: 'claude-haiku-4-5' });
      expect(usage).toMatchObject({ cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    }
    await ask('one', { model: 'claude-sonnet-5' });
    const other = await ask('two', { model: 'claude-sonnet-5-5' });
    expect(other.usage.cache_read_input_tokens).toBe(0);
  });

  it('reads an earlier prefix within 20 blocks of a breakpoint, and writes what follows', async () => {
    const written = (await ask('one')).usage.cache_creation_input_tokens ?? 0;
    const history = 'An earlier turn of the conversation, kept word for word.\n'.repeat(40);
    const later = await client.messages.create({
      model: 'claude-sonnet-5',
      max_tokens: 100,
      system: [{ type: 'text', text: runbook }],
      messages: [
        { role: 'user', content: 'one' },
        { role: 'assistant', content: history },
        { role: 'user', content: [{ type: 'text', text: 'two', cache_control: ephemeral() }] },
      ],
    });
    expect(later.usage.cache_read_input_tokens).toBe(written);
    expect(later.usage.cache_creation_input_tokens).toBeGreaterThan(500);
  });

  it('refuses more than four breakpoints as the API does', async () => {
    const content = ['a', 'b', 'c', 'd', 'e'].map((text) => ({
      type: 'text' as const,
      text,
      cache_control: ephemeral(),
    }));
    const error = await ask('', { messages: [{ role: 'user', content }] }).catch((e) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({
      status: 400,
      error: {
        error: {
          type: 'invalid_request_error',
          message: 'A maximum of 4 blocks with cache_control may be provided. Found 6.',
        },
      },
    });
  });
});
