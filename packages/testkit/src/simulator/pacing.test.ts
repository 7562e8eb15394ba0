import Anthropic from '@anthropic-ai/sdk';
import { createManualClock } from '@llmux/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from './start-simulator.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
});

const params = {
  model: 'claude-haiku-4-5',
  max_tokens: 256,
  messages: [{ role: 'user' as const, content: 'pace me' }],
};

describe('latency and stream pacing on the injected clock', () => {
  it('answers a plain call after the latency, drawn from a range by the injected random', async () => {
    const clock = createManualClock(0);
    sim = await startSimulator('anthropic', {
      clock,
      random: () => 0.5,
      behavior: { latencyMs: { min: 100, max: 300 } },
    });
    const client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
    let answered = false;
    const call = client.messages.create(params).then((m) => {
      answered = true;
      return m;
    });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.advance(199);
    expect(answered).toBe(false);
    await clock.advance(1);
    expect((await call).content).toEqual([{ type: 'text', text: 'Echo: pace me' }]);
  });

  it('waits latency before headers, time to first token, then the chunk interval', async () => {
    const clock = createManualClock(0);
    sim = await startSimulator('anthropic', {
      clock,
      behavior: { latencyMs: 200, timeToFirstTokenMs: 500, chunkIntervalMs: 100, chunkSize: 4 },
    });
    const client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
    const opening = client.messages.create({ ...params, stream: true });
    await vi.waitFor(() => expect(clock.pending()).toBe(1));
    await clock.next();
    const stream = await opening;
    expect(clock.now()).toBe(200);

    const deltas: Array<{ at: number; text: string }> = [];
    const reading = (async () => {
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          deltas.push({ at: clock.now(), text: event.delta.text });
        }
      }
    })();
    // "Echo: pace me" in pieces of 4 characters: 4 content frames.
    for (let i = 1; i <= 4; i++) {
      await vi.waitFor(() => expect(clock.pending()).toBe(1));
      await clock.next();
      await vi.waitFor(() => expect(deltas).toHaveLength(i));
    }
    await reading;
    expect(deltas).toEqual([
      { at: 700, text: 'Echo' },
      { at: 800, text: ': pa' },
      { at: 900, text: 'ce m' },
      { at: 1000, text: 'e' },
    ]);
  });
});
