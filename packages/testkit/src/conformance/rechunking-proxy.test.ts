import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';
import { type RechunkingProxy, startRechunkingProxy } from './rechunking-proxy.js';

const body = JSON.stringify({
  model: 'gpt-4o-mini',
  stream: true,
  messages: [{ role: 'user', content: 'Is the disk full? ✅' }],
});

/** A streamed call through `url`, with each network read the client made. */
const reads = (url: string) =>
  new Promise<Buffer[]>((resolve, reject) => {
    const call = request(
      `${url}/v1/chat/completions`,
      { method: 'POST', headers: { 'content-type': 'application/json', connection: 'close' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve(chunks));
        response.on('error', reject);
      },
    );
    call.on('error', reject);
    call.end(body);
  });

describe('startRechunkingProxy', () => {
  let sim: Simulator;
  let proxy: RechunkingProxy;
  beforeEach(async () => {
    sim = await startSimulator('openai');
    proxy = await startRechunkingProxy({ port: sim.port });
  });
  afterEach(async () => {
    await proxy.close();
    await sim.close();
  });

  it('passes the answer through whole, but split across many small reads', async () => {
    const direct = await reads(sim.url);
    const split = await reads(proxy.url);
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
    // The ids and timestamps differ from call to call; the frames' count and text do not.
    const shape = (chunks: Buffer[]) =>
      text(chunks)
        .replace(/chatcmpl-\w+/g, 'ID')
        .replace(/"created":\d+/g, '');
    expect(shape(split)).toBe(shape(direct));
    expect(split.length).toBeGreaterThan(direct.length * 10);
    expect(text(split)).toContain('✅');
  });

  it('closes the call upstream when the client goes away', async () => {
    sim.configure({ reply: { text: 'x'.repeat(100) }, chunkSize: 1, chunkIntervalMs: 60_000 });
    await new Promise<void>((resolve) => {
      const call = request(`${proxy.url}/v1/chat/completions`, { method: 'POST' }, (response) => {
        response.once('data', () => {
          call.destroy();
          resolve();
        });
      });
      call.end(body);
    });
    await vi.waitFor(() => expect(sim.counters.inFlight).toBe(0), { timeout: 2000 });
  });
});
