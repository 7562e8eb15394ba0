import { LlmuxError } from '@llmux/core';
import { type Simulator, simulatedEmbedding, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOllama } from './ollama-provider.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('ollama');
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const ask = { messages: [{ role: 'user' as const, content: 'hi' }] };

describe('createOllama', () => {
  it('refuses bad settings, naming the field', () => {
    expect(() => createOllama({ baseURL: 'localhost:11434' })).toThrow('"baseURL"');
    expect(() => createOllama({ name: '' })).toThrow('"name"');
    expect(() => createOllama({ timeoutMs: 0 })).toThrow('"timeoutMs"');
    expect(() => createOllama({ env: { OLLAMA_HOST: 'http://[bad' } })).toThrow(LlmuxError);
    expect(() => createOllama()('')).toThrow('"modelId"');
  });

  it('needs no key; sends one as a bearer token when given, or from OLLAMA_API_KEY', async () => {
    sim.configure({ requireApiKey: true });
    const keyless = createOllama({ baseURL: sim.baseURL, env: {} })('llama3.2');
    await expect(keyless.generate(ask)).rejects.toMatchObject({ kind: 'authentication' });
    const keyed = createOllama({
      baseURL: sim.baseURL,
      env: { OLLAMA_API_KEY: 'ol-secret-key-123' },
      headers: { 'x-team': 'sre' },
    })('llama3.2');
    await keyed.generate(ask);
    expect(sim.requests.at(-1)?.headers).toMatchObject({
      authorization: 'Bearer ol-secret-key-123',
      'x-team': 'sre',
    });
  });

  it('finds the server at OLLAMA_HOST, a bare host:port included', async () => {
    const hostPort = sim.url.replace('http://', '');
    const model = createOllama({ env: { OLLAMA_HOST: hostPort } })('llama3.2');
    expect((await model.generate(ask)).provider).toBe('ollama');
    const calls: string[] = [];
    const viaFetch = createOllama({
      env: { OLLAMA_HOST: '10.0.0.7' },
      fetch: async (url) => {
        calls.push(String(url));
        return new Response('{"error":"no route"}', { status: 502 });
      },
    })('llama3.2');
    await expect(viaFetch.generate(ask)).rejects.toMatchObject({
      kind: 'server_error',
      status: 502,
    });
    expect(calls).toEqual(['http://10.0.0.7:11434/api/chat']);
  });

  it('names itself and prices tagged and unlisted models at 0 without a warning', async () => {
    const local = createOllama({ baseURL: sim.baseURL, name: 'gpu-box' });
    expect(local.name).toBe('gpu-box');
    for (const id of ['llama3.2:3b', 'mistral-small3.2']) {
      const response = await local(id).generate(ask);
      expect(response).toMatchObject({ provider: 'gpu-box', model: id, costUsd: 0, warnings: [] });
    }
  });

  it('embeds over /api/embed, at the catalog size or the dimensions given, never truncating', async () => {
    const ollama = createOllama({ baseURL: sim.baseURL });
    const embedder = ollama.embedding('nomic-embed-text');
    expect(embedder.dimensions).toBe(768);
    const response = await embedder.embed({ inputs: ['disk full', 'cpu hot'], inputType: 'query' });
    expect(response.embeddings).toEqual([
      simulatedEmbedding('disk full', 768),
      simulatedEmbedding('cpu hot', 768),
    ]);
    expect(response).toMatchObject({ provider: 'ollama', costUsd: 0 });
    expect(response.usage.inputTokens).toBe(sim.counters.inputTokens);
    expect(response.warnings).toMatchObject([{ setting: 'inputType' }]);
    expect(sim.requests.at(-1)?.body).toMatchObject({ truncate: false });
    const short = ollama.embedding('mxbai-embed-large', { dimensions: 256 });
    expect((await short.embed({ inputs: ['x'] })).embeddings[0]).toHaveLength(256);
    expect(() => ollama.embedding('bge-m3')).toThrow('"dimensions"');
    sim.fault({
      type: 'status',
      status: 400,
      message: 'the input length exceeds the context length',
    });
    await expect(embedder.embed({ inputs: ['x'] })).rejects.toMatchObject({
      kind: 'context_length_exceeded',
    });
  });
});
