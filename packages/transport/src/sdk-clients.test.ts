import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { type Simulator, startSimulator } from '@llmux/testkit';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';

const transport = createTransport();
const sims: Record<'anthropic' | 'openai' | 'gemini', Simulator> = {} as never;
beforeAll(async () => {
  for (const provider of ['anthropic', 'openai', 'gemini'] as const) {
    sims[provider] = await startSimulator(provider);
  }
});
afterAll(async () => {
  await transport.close();
  await Promise.all(Object.values(sims).map((sim) => sim.close()));
});

describe('the official SDKs through the transport', () => {
  it('@anthropic-ai/sdk: a message, and a streamed message', async () => {
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: sims.anthropic.baseURL,
      fetch: transport.fetch,
      maxRetries: 0,
    });
    const params = {
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const message = await client.messages.create(params);
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'Echo: hi' })]);
    const { response } = await client.messages.create(params).withResponse();
    expect(response.headers.get('content-type')).toMatch(/json/);
    const streamed = await client.messages.stream(params).finalMessage();
    expect(streamed.content).toEqual(message.content);
    expect(sims.anthropic.counters.requests).toBe(3);
  });

  it('openai: a chat completion, and a streamed one', async () => {
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: sims.openai.baseURL,
      fetch: transport.fetch,
      maxRetries: 0,
    });
    const params = { model: 'gpt-4o-mini', messages: [{ role: 'user' as const, content: 'hi' }] };
    const completion = await client.chat.completions.create(params);
    expect(completion.choices[0]?.message.content).toBe('Echo: hi');
    let text = '';
    for await (const chunk of await client.chat.completions.create({ ...params, stream: true })) {
      text += chunk.choices[0]?.delta.content ?? '';
    }
    expect(text).toBe('Echo: hi');
  });

  it('@google/genai: generateContent, and generateContentStream', async () => {
    const client = new GoogleGenAI({
      apiKey: 'k',
      httpOptions: { baseUrl: sims.gemini.baseURL, fetch: transport.fetch },
    });
    const params = { model: 'gemini-2.5-flash', contents: 'hi' };
    expect((await client.models.generateContent(params)).text).toBe('Echo: hi');
    let text = '';
    for await (const chunk of await client.models.generateContentStream(params)) {
      text += chunk.text ?? '';
    }
    expect(text).toBe('Echo: hi');
  });

  it("an SDK's API error keeps its status and body", async () => {
    sims.anthropic.fault({ type: 'rate-limit', retryAfterSeconds: 2 });
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: sims.anthropic.baseURL,
      fetch: transport.fetch,
      maxRetries: 0,
    });
    const call = client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    await expect(call).rejects.toBeInstanceOf(Anthropic.RateLimitError);
    await expect(call).rejects.toMatchObject({ status: 429 });
  });
});
