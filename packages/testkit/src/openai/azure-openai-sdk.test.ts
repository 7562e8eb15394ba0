import { AzureOpenAI } from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from '../simulator/start-simulator.js';

let sim: Simulator;
let endpoint: string;

beforeAll(async () => {
  sim = await startSimulator('openai', { behavior: { requireApiKey: true } });
  endpoint = new URL(sim.baseURL).origin;
});
afterEach(() => sim.reset());
afterAll(() => sim.close());

const azure = (options: { apiVersion?: string; deployment?: string } = {}) =>
  new AzureOpenAI({
    endpoint,
    apiKey: 'azure-key',
    apiVersion: '2024-10-21',
    deployment: 'prod-gpt5',
    maxRetries: 0,
    logLevel: 'off',
    ...options,
  });

const messages = [{ role: 'user' as const, content: 'Hello Azure' }];

describe('OpenAI simulator as Azure OpenAI, through the SDK AzureOpenAI client', () => {
  it('answers on the deployment path with the api-version, authenticated by api-key', async () => {
    const completion = await azure().chat.completions.create({ model: 'gpt-5', messages });
    expect(completion.choices[0]?.message.content).toContain('Hello Azure');
    const [received] = sim.requests;
    expect(received?.path).toBe(
      '/openai/deployments/prod-gpt5/chat/completions?api-version=2024-10-21',
    );
    expect(received?.headers['api-key']).toBe('azure-key');
    expect(received?.headers.authorization).toBeUndefined();
  });

  it('streams on the deployment path, and serves a body without a model as the deployment', async () => {
    const stream = await azure().chat.completions.create({
      model: 'gpt-5',
      messages,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toContain('Hello Azure');
    const response = await fetch(
      `${endpoint}/openai/deployments/prod-gpt5/chat/completions?api-version=2024-10-21`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'api-key': 'k' },
        body: JSON.stringify({ messages }),
      },
    );
    expect(((await response.json()) as { model: string }).model).toBe('prod-gpt5');
  });

  it('has no deployment path without an api-version, as Azure', async () => {
    const response = await fetch(`${endpoint}/openai/deployments/prod-gpt5/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'api-key': 'k' },
      body: JSON.stringify({ model: 'gpt-5', messages }),
    });
    expect(response.status).toBe(404);
  });
});
