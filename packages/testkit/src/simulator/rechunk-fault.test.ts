import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaultQueue } from './faults.js';
import { type Simulator, startSimulator } from './start-simulator.js';

/** Text whose characters take 1 to 4 bytes, so 1-to-3-byte pieces split most of them. */
const text = 'Réponse: café ☕ naïve 😀 東京 '.repeat(6);
const ask = 'Is the disk full?';

/** One provider's plain and streamed answers, through its official SDK or client. */
interface Client {
  generate(): Promise<string>;
  stream(): Promise<string>;
}

const clients: Record<string, (sim: Simulator) => Client> = {
  anthropic: (sim) => {
    const client = new Anthropic({ baseURL: sim.baseURL, apiKey: 'k', maxRetries: 0 });
    const params = {
      model: 'claude-haiku-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user' as const, content: ask }],
    };
    return {
      generate: async () =>
        (await client.messages.create(params)).content
          .map((b) => (b.type === 'text' ? b.text : ''))
          .join(''),
      stream: async () => await client.messages.stream(params).finalText(),
    };
  },
  openai: (sim) => {
    const client = new OpenAI({
      baseURL: sim.baseURL,
      apiKey: 'k',
      maxRetries: 0,
      logLevel: 'off',
    });
    const params = { model: 'gpt-5-mini', messages: [{ role: 'user' as const, content: ask }] };
    return {
      generate: async () =>
        (await client.chat.completions.create(params)).choices[0]?.message.content ?? '',
      stream: async () => {
        let out = '';
        for await (const chunk of await client.chat.completions.create({
          ...params,
          stream: true,
        })) {
          out += chunk.choices[0]?.delta.content ?? '';
        }
        return out;
      },
    };
  },
  gemini: (sim) => {
    const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: sim.baseURL } });
    const params = { model: 'gemini-2.5-flash', contents: ask };
    return {
      generate: async () => (await ai.models.generateContent(params)).text ?? '',
      stream: async () => {
        let out = '';
        for await (const chunk of await ai.models.generateContentStream(params))
          out += chunk.text ?? '';
        return out;
      },
    };
  },
  ollama: (sim) => {
    const client = new Ollama({ host: sim.baseURL });
    const params = { model: 'llama3.2', messages: [{ role: 'user', content: ask }] };
    return {
      generate: async () => (await client.chat({ ...params, stream: false })).message.content,
      stream: async () => {
        let out = '';
        for await (const chunk of await client.chat({ ...params, stream: true }))
          out += chunk.message.content;
        return out;
      },
    };
  },
};

describe.each(Object.keys(clients))('the rechunk fault through the %s SDK', (provider) => {
  let sim: Simulator;
  let client: Client;
  beforeAll(async () => {
    sim = await startSimulator(provider, { behavior: { reply: { text }, chunkSize: 7 } });
    client = clients[provider]!(sim);
  });
  afterAll(() => sim.close());

  it('delivers JSON bodies and streams whole, in pieces of 1 to 3 bytes', async () => {
    sim.fault({ fault: { type: 'rechunk', maxBytes: 3 }, times: 2 });
    expect(await client.generate()).toBe(text);
    expect(await client.stream()).toBe(text);
    expect(sim.counters.faults).toBe(2);
  });
});

describe('the rechunk fault on the wire', () => {
  /** The sizes of the reads a client makes of one answer. */
  const reads = async (sim: Simulator, stream: boolean) => {
    const response = await fetch(`${sim.url}/api/chat`, {
      method: 'POST',
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: ask }], stream }),
    });
    const sizes: number[] = [];
    for await (const chunk of response.body!) sizes.push(chunk.length);
    return sizes;
  };

  it('turns one write into many small reads', async () => {
    const sim = await startSimulator('ollama', { behavior: { reply: { text } } });
    try {
      expect(await reads(sim, false)).toHaveLength(1);
      for (const stream of [false, true]) {
        sim.fault({ type: 'rechunk', minBytes: 2, maxBytes: 4 });
        const sizes = await reads(sim, stream);
        const bytes = sizes.reduce((sum, size) => sum + size, 0);
        // Pieces of 2 to 4 bytes; a busy machine may read two at once, rarely more.
        expect(sizes.length).toBeGreaterThan(bytes / 12);
      }
    } finally {
      await sim.close();
    }
  });

  it('is checked when queued', () => {
    const queue = createFaultQueue(Math.random);
    expect(() => queue.add([{ type: 'rechunk', minBytes: 0 }])).toThrow('"fault.minBytes"');
    expect(() => queue.add([{ type: 'rechunk', minBytes: 5, maxBytes: 2 }])).toThrow(
      '"fault.maxBytes" must be an integer >= minBytes (5), got 2',
    );
  });
});
