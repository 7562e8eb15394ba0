import { describe, expect, it } from 'vitest';
import { deploymentField, deploymentIdOf, deploymentOf, withDeployment } from './deployment.js';
import { LlmuxError } from './errors.js';
import type { LanguageModel } from './language-model.js';
import type { GenerateRequest } from './request.js';

const request: GenerateRequest = { messages: [{ role: 'user', content: 'Hi' }] };

const model = (counted?: number): LanguageModel => ({
  provider: 'openai',
  modelId: 'gpt-5',
  generate: async () => {
    throw new Error('generated');
  },
  async *stream() {
    yield { type: 'error', error: new LlmuxError({ kind: 'server_error', message: 'streamed' }) };
  },
  ...(counted !== undefined && { countTokens: async () => counted }),
});

describe('deployments', () => {
  it('default to provider:model, so a plain model is its own only deployment', () => {
    expect(deploymentIdOf(model())).toBe('openai:gpt-5');
    expect(deploymentOf({ provider: 'openai', model: 'gpt-5' })).toBe('openai:gpt-5');
    expect(deploymentOf({ provider: 'openai', model: 'gpt-5', deployment: 'eu' })).toBe('eu');
  });

  it('name a deployment in records only when it is not the default one', () => {
    expect(deploymentField('openai', 'gpt-5', 'openai:gpt-5')).toEqual({});
    expect(deploymentField('openai', 'gpt-5', 'openai-eu:gpt-5')).toEqual({
      deployment: 'openai-eu:gpt-5',
    });
  });

  it('withDeployment keeps the model and its calls, under the deployment id', async () => {
    const eu = withDeployment(model(7), 'openai-eu:gpt-5');
    expect(eu).toMatchObject({
      provider: 'openai',
      modelId: 'gpt-5',
      deploymentId: 'openai-eu:gpt-5',
    });
    expect(deploymentIdOf(eu)).toBe('openai-eu:gpt-5');
    await expect(eu.generate(request)).rejects.toThrow('generated');
    const events = [];
    for await (const event of eu.stream(request)) events.push(event.type);
    expect(events).toEqual(['error']);
    expect(await eu.countTokens?.(request)).toBe(7);
    expect(withDeployment(model(), 'x').countTokens).toBeUndefined();
  });

  it('withDeployment refuses a blank id or a non-model, naming the field', () => {
    expect(() => withDeployment(model(), ' ')).toThrow(/"deploymentId"/);
    expect(() => withDeployment({} as LanguageModel, 'x')).toThrow(/"model"/);
  });
});
