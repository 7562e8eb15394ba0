import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { createStack } from '../stack/create-stack.js';
import { parseConfig } from './parse-config.js';

const router = { candidates: ['openai/gpt-5', 'anthropic/claude-haiku-4-5'] };
const keyA = { id: 'openai-a:gpt-5', provider: 'openai', model: 'gpt-5', apiKeyEnv: 'KEY_A' };
const keyB = { id: 'openai-b:gpt-5', provider: 'openai', model: 'gpt-5', apiKeyEnv: 'KEY_B' };

const problemsOf = (raw: Record<string, unknown>): string => {
  try {
    parseConfig({ router, ...raw }, {}, 'test.json');
  } catch (error) {
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
};

describe('deployments in the config', () => {
  it('reads each kind with its provider’s defaults, ids defaulting to provider:model', () => {
    const config = parseConfig(
      {
        router,
        providers: { openai: { apiKeyEnv: 'MY_OPENAI', simulator: { latencyMs: 5 } } },
        deployments: [
          { provider: 'openai', model: 'gpt-5' },
          {
            provider: 'azure',
            model: 'gpt-5',
            endpoint: 'https://acme.openai.azure.com',
            apiVersion: '2024-10-21',
            deployment: 'gpt5-prod',
            pricing: { input: 1.5, output: 12 },
          },
          {
            id: 'bedrock:haiku',
            provider: 'bedrock',
            model: 'claude-haiku-4-5',
            region: 'us-east-1',
            apiModelId: 'us.anthropic.claude-haiku-4-5-v1:0',
          },
        ],
      },
      {},
    );
    expect(config.deployments).toEqual([
      {
        id: 'openai:gpt-5',
        provider: 'openai',
        model: 'gpt-5',
        apiKeyEnv: 'MY_OPENAI',
        simulate: false,
        simulator: { latencyMs: 5 },
      },
      {
        id: 'azure:gpt-5',
        provider: 'azure',
        model: 'gpt-5',
        endpoint: 'https://acme.openai.azure.com',
        apiVersion: '2024-10-21',
        deployment: 'gpt5-prod',
        apiKeyEnv: 'AZURE_OPENAI_API_KEY',
        pricing: { input: 1.5, output: 12 },
        simulate: false,
        simulator: {},
      },
      {
        id: 'bedrock:haiku',
        provider: 'bedrock',
        model: 'claude-haiku-4-5',
        region: 'us-east-1',
        apiModelId: 'us.anthropic.claude-haiku-4-5-v1:0',
        simulate: false,
        simulator: {},
      },
    ]);
  });

  it('refuses a deployment id given twice, naming both entries', () => {
    expect(problemsOf({ deployments: [keyA, { ...keyB, id: keyA.id }] })).toContain(
      'deployments[1].id: "openai-a:gpt-5" is already the id of deployments[0]',
    );
  });

  it('refuses an unknown provider kind, and what a kind requires or does not take', () => {
    const problems = problemsOf({
      deployments: [
        { provider: 'azure-openai', model: 'gpt-5' },
        { provider: 'azure', model: 'gpt-5', region: 'eastus' },
        {
          provider: 'bedrock',
          model: 'claude-haiku-4-5',
          region: 'us-east-1',
          apiModelId: 'x',
          accessKeyIdEnv: 'ID',
        },
        { provider: 'openai' },
      ],
    });
    expect(problems).toContain(
      'deployments[0].provider: must be one of openai, azure, anthropic, bedrock, vertex, gemini, gemini-vertex, got "azure-openai"',
    );
    expect(problems).toContain('deployments[1].region: is not a known field');
    expect(problems).toContain('deployments[1].endpoint: is required for provider azure');
    expect(problems).toContain('deployments[1].apiVersion: is required for provider azure');
    expect(problems).toContain('deployments[1].deployment: is required for provider azure');
    expect(problems).toContain('deployments[2].accessKeyIdEnv: and secretAccessKeyEnv go together');
    expect(problems).toContain('deployments[3].model: is required');
  });

  it('refuses a group that names a deployment the model does not have', () => {
    const problems = problemsOf({
      deployments: [keyA, keyB],
      router: {
        ...router,
        groups: { 'openai/gpt-5': { deployments: ['openai-a:gpt-5', 'openai-c:gpt-5'] } },
      },
    });
    expect(problems).toContain(
      'router.groups["openai/gpt-5"].deployments[1]: "openai-c:gpt-5" is not a deployment of openai/gpt-5 (its deployments: openai-a:gpt-5, openai-b:gpt-5, openai:gpt-5)',
    );
    expect(problems).toContain(
      'deployments[1]: "openai-b:gpt-5" is not in router.groups["openai/gpt-5"]: list it there',
    );
  });

  it('refuses a deployment of a model the router does not serve, and bad prices', () => {
    const problems = problemsOf({
      deployments: [
        { ...keyA, model: 'gpt-4.1' },
        { ...keyB, pricing: { output: -1 } },
      ],
    });
    expect(problems).toContain(
      'deployments[0].model: serves openai/gpt-4.1, which is not a router candidate',
    );
    expect(problems).toContain('deployments[1].pricing.output: must be a number >= 0, got -1');
    expect(problems).toContain('deployments[1].pricing.input: is required with pricing');
  });

  it('lets a group list the provider’s default deployment beside declared ones, weighted', async () => {
    const config = parseConfig(
      {
        router: {
          ...router,
          groups: {
            'openai/gpt-5': {
              deployments: ['openai:gpt-5', { id: 'openai-a:gpt-5', weight: 2 }],
              balance: 'round-robin',
            },
          },
        },
        deployments: [keyA],
      },
      {},
    );
    const stack = await createStack(config, { env: {} });
    try {
      expect([...stack.layers.adapters.keys()]).toEqual([
        'openai/gpt-5',
        'openai-a:gpt-5',
        'anthropic/claude-haiku-4-5',
      ]);
      const first = await stack.router.plan({ messages: [{ role: 'user', content: 'hi' }] });
      expect(first.candidates.map((c) => c.deployment ?? `${c.provider}/${c.model}`)).toEqual([
        'openai-a:gpt-5',
        'openai/gpt-5',
        'anthropic/claude-haiku-4-5',
      ]);
    } finally {
      await stack.close();
    }
  });

  it('names the router field of a bad group', async () => {
    const config = parseConfig(
      {
        router: {
          ...router,
          groups: { 'openai/gpt-5': { deployments: ['openai:gpt-5'], balance: 'random' } },
        },
      },
      {},
    );
    await expect(createStack(config, { env: {} })).rejects.toThrow(
      'router: Invalid router config: groups["openai/gpt-5"].balance must be one of round-robin, least-busy',
    );
  });
});
