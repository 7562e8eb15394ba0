import Anthropic from '@anthropic-ai/sdk';
import { approximateTokens, createManualClock, LlmuxError } from '@llmux/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from './start-simulator.js';

const open: Simulator[] = [];
const start = async (...args: Parameters<typeof startSimulator>) => {
  const sim = await startSimulator(...args);
  open.push(sim);
  return sim;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((sim) => sim.close()));
});

const clientOf = (sim: Simulator) =>
  new Anthropic({ baseURL: sim.baseURL, apiKey: 'test-key', maxRetries: 0 });
const ask = (client: Anthropic, text = 'hello', options?: { signal?: AbortSignal }) =>
  client.messages.create(
    { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user', content: text }] },
    options,
  );

describe('startSimulator', () => {
  it('listens on 127.0.0.1 on a free port and gives the SDK base URL', async () => {
    const sim = await start('anthropic');
    expect(sim.provider).toBe('anthropic');
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.baseURL).toBe(sim.url);
  });

  it('listens on a given port', async () => {
    const first = await start('anthropic');
    const port = first.port;
    await first.close();
    const sim = await start('anthropic', { port });
    expect(sim.port).toBe(port);
  });

  it('refuses bad options with errors naming the field', async () => {
    await expect(startSimulator('anthropic', { port: 70_000 })).rejects.toThrow('"port"');
    await expect(startSimulator('cohere' as never)).rejects.toThrow('"provider"');
    await expect(startSimulator('anthropic', { behavior: { chunkSize: 0 } })).rejects.toThrow(
      LlmuxError,
    );
    const sim = await start('anthropic');
    expect(() => sim.configure({ latencyMs: -1 })).toThrow('"latencyMs"');
  });

  it('counts requests, statuses, tokens and keeps what it received', async () => {
    const sim = await start('anthropic');
    const client = clientOf(sim);
    const message = await ask(client, 'count me');
    const stream = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 256,
      stream: true,
      messages: [{ role: 'user', content: 'stream me' }],
    });
    for await (const _ of stream);
    sim.fault({ type: 'status', status: 500 });
    await expect(ask(client)).rejects.toBeInstanceOf(Anthropic.InternalServerError);

    expect(sim.counters).toMatchObject({
      requests: 3,
      streamed: 1,
      byStatus: { 200: 2, 500: 1 },
      faults: 1,
      inFlight: 0,
      peakConcurrency: 1,
    });
    expect(message.usage.input_tokens).toBe(approximateTokens('count me'));
    expect(sim.counters.inputTokens).toBe(
      approximateTokens('count me') + approximateTokens('stream me'),
    );
    expect(sim.counters.outputTokens).toBe(
      approximateTokens('Echo: count me') + approximateTokens('Echo: stream me'),
    );
    expect(sim.requests.map((r) => r.lastUserText)).toEqual(['count me', 'stream me', 'hello']);
    // This SDK version sends the key as a bearer token.
    expect(sim.requests[0]!.headers.authorization).toBe('Bearer test-key');
  });

  it('measures peak concurrency', async () => {
    const clock = createManualClock(0);
    const sim = await start('anthropic', { clock, behavior: { latencyMs: 100 } });
    const client = clientOf(sim);
    const calls = [ask(client), ask(client), ask(client)];
    await vi.waitFor(() => expect(clock.pending()).toBe(3));
    expect(sim.counters.inFlight).toBe(3);
    await clock.advance(100);
    await Promise.all(calls);
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0));
    expect(sim.counters.peakConcurrency).toBe(3);
  });

  it('changes behaviour while running and resets to the starting behaviour', async () => {
    const sim = await start('anthropic', { behavior: { reply: { text: 'first' } } });
    const client = clientOf(sim);
    expect((await ask(client)).content).toEqual([{ type: 'text', text: 'first' }]);
    sim.configure({ reply: { text: 'second' } });
    expect((await ask(client)).content).toEqual([{ type: 'text', text: 'second' }]);
    sim.fault({ type: 'overloaded', times: 5 } as never, { fault: { type: 'reset' }, times: 3 });
    sim.reset();
    expect((await ask(client)).content).toEqual([{ type: 'text', text: 'first' }]);
    expect(sim.counters).toMatchObject({ requests: 1, faults: 0, byStatus: { 200: 1 } });
    expect(sim.requests).toHaveLength(1);
  });

  it('answers unknown routes and unreadable bodies in the provider format', async () => {
    const sim = await start('anthropic');
    const notFound = await fetch(`${sim.url}/v1/nothing`, { method: 'POST' });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({
      type: 'error',
      error: { type: 'not_found_error' },
    });
    const bad = await fetch(`${sim.url}/v1/messages`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });

  it('refuses calls without a key when required, as the API does', async () => {
    const sim = await start('anthropic', { behavior: { requireApiKey: true } });
    const response = await fetch(`${sim.url}/v1/messages`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'claude-haiku-4-5',
        max_tokens: 10,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: 'authentication_error' } });
    expect((await ask(clientOf(sim))).type).toBe('message');
  });

  it('close() ends hung calls and stops listening', async () => {
    const sim = await startSimulator('anthropic');
    sim.fault({ type: 'hang' });
    const call = ask(clientOf(sim));
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(1));
    await sim.close();
    await expect(call).rejects.toBeInstanceOf(Anthropic.APIConnectionError);
    await expect(fetch(sim.url)).rejects.toThrow();
  });
});
