import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createManualClock, textOf } from '@llmux/core';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentConfig } from '../config/deployment-config.js';
import { deploymentModel, secretsOf } from './deployment-clients.js';

interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A loopback server that records each request and answers with `answer`'s JSON. */
async function recordingServer(answer: unknown) {
  const requests: Recorded[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(body || '{}') as Record<string, unknown>,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Anthropic's Messages answer, which Bedrock's invoke and Vertex's rawPredict return as is. */
const anthropicAnswer = {
  id: 'msg_01',
  type: 'message',
  role: 'assistant',
  model: 'claude-haiku-4-5-20251001',
  content: [{ type: 'text', text: 'Hello from the cloud' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 10, output_tokens: 4 },
};

const geminiAnswer = {
  candidates: [
    { content: { role: 'model', parts: [{ text: 'Hello from Vertex' }] }, finishReason: 'STOP' },
  ],
  usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 4, totalTokenCount: 14 },
  modelVersion: 'gemini-2.5-flash-001',
};

const clock = createManualClock(Date.parse('2026-11-25T10:00:00Z'));
const ask = { messages: [{ role: 'user' as const, content: 'Hello' }] };
const base = { simulate: false, simulator: {} };
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

let openai: Simulator;
beforeAll(async () => {
  openai = await startSimulator('openai', { behavior: { requireApiKey: true } });
});
afterEach(() => openai.reset());
afterAll(() => openai.close());

describe('deployment clients', () => {
  it('azure: the AzureOpenAI client, on the deployment path with the api-version and api-key', async () => {
    const d: DeploymentConfig = {
      ...base,
      id: 'azure-east:gpt-5',
      provider: 'azure',
      model: 'gpt-5',
      endpoint: new URL(openai.baseURL).origin,
      apiVersion: '2024-10-21',
      deployment: 'gpt5-prod',
      apiKeyEnv: 'AZURE_KEY',
    };
    const secrets = secretsOf(d, { AZURE_KEY: 'azure-secret' })!;
    const response = await deploymentModel(d, secrets, { clock }).generate(ask);
    expect(textOf(response)).toContain('Hello');
    expect(response).toMatchObject({ provider: 'openai' });
    const [received] = openai.requests;
    expect(received?.path).toBe(
      '/openai/deployments/gpt5-prod/chat/completions?api-version=2024-10-21',
    );
    expect(received?.headers['api-key']).toBe('azure-secret');
  });

  it('openai: its own key, organization and project', async () => {
    const d: DeploymentConfig = {
      ...base,
      id: 'openai-eu:gpt-5',
      provider: 'openai',
      model: 'gpt-5',
      baseURL: openai.baseURL,
      apiKeyEnv: 'EU_KEY',
      organization: 'org-eu',
      project: 'proj-eu',
    };
    await deploymentModel(d, secretsOf(d, { EU_KEY: 'sk-eu' })!, { clock }).generate(ask);
    expect(openai.requests[0]?.headers).toMatchObject({
      authorization: 'Bearer sk-eu',
      'openai-organization': 'org-eu',
      'openai-project': 'proj-eu',
    });
  });

  it('bedrock: AnthropicBedrock signs with SigV4 and invokes the Bedrock model id', async () => {
    const server = await recordingServer(anthropicAnswer);
    closers.push(server.close);
    const d: DeploymentConfig = {
      ...base,
      id: 'bedrock-us:claude-haiku-4-5',
      provider: 'bedrock',
      model: 'claude-haiku-4-5',
      apiModelId: 'us.anthropic.claude-haiku-4-5-v1:0',
      region: 'us-east-1',
      baseURL: server.url,
      accessKeyIdEnv: 'AWS_KEY_ID',
      secretAccessKeyEnv: 'AWS_SECRET',
    };
    const env = { AWS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET: 'wJalrXUtnFEMI/K7MDENG' };
    const model = deploymentModel(d, secretsOf(d, env)!, { clock });
    expect(model.countTokens).toBeUndefined();
    const response = await model.generate(ask);
    expect(textOf(response)).toBe('Hello from the cloud');
    expect(response).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
    expect(response.costUsd).toBeGreaterThan(0);
    const [received] = server.requests;
    expect(received?.path).toBe('/model/us.anthropic.claude-haiku-4-5-v1:0/invoke');
    expect(received?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/us-east-1\/bedrock\/aws4_request, SignedHeaders=.+, Signature=[0-9a-f]{64}$/,
    );
    expect(received?.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    // Bedrock takes the API version in the body, the model in the path.
    expect(received?.body.anthropic_version).toEqual(expect.any(String));
    expect(received?.headers['anthropic-version']).toBeUndefined();
    expect(received?.body).not.toHaveProperty('model');
  });

  it('vertex: AnthropicVertex calls rawPredict of the project and region with the token', async () => {
    const server = await recordingServer(anthropicAnswer);
    closers.push(server.close);
    const d: DeploymentConfig = {
      ...base,
      id: 'vertex:claude-haiku-4-5',
      provider: 'vertex',
      model: 'claude-haiku-4-5',
      apiModelId: 'claude-haiku-4-5@20251001',
      projectId: 'acme-prod',
      region: 'us-east5',
      baseURL: `${server.url}/v1`,
      accessTokenEnv: 'GCP_TOKEN',
    };
    const model = deploymentModel(d, secretsOf(d, { GCP_TOKEN: 'ya29.token' })!, { clock });
    const response = await model.generate(ask);
    expect(textOf(response)).toBe('Hello from the cloud');
    expect(response.model).toBe('claude-haiku-4-5');
    const [received] = server.requests;
    expect(received?.path).toBe(
      '/v1/projects/acme-prod/locations/us-east5/publishers/anthropic/models/claude-haiku-4-5@20251001:rawPredict',
    );
    expect(received?.headers.authorization).toBe('Bearer ya29.token');
    expect(received?.body.anthropic_version).toEqual(expect.any(String));
    expect(received?.body).not.toHaveProperty('model');
  });

  it('gemini-vertex: GoogleGenAI on Vertex calls the publisher model of the project', async () => {
    const server = await recordingServer(geminiAnswer);
    closers.push(server.close);
    const d: DeploymentConfig = {
      ...base,
      id: 'vertex:gemini-2.5-flash',
      provider: 'gemini-vertex',
      model: 'gemini-2.5-flash',
      project: 'acme-prod',
      location: 'us-central1',
      baseURL: server.url,
      accessTokenEnv: 'GCP_TOKEN',
    };
    const model = deploymentModel(d, secretsOf(d, { GCP_TOKEN: 'ya29.token' })!, { clock });
    const response = await model.generate(ask);
    expect(textOf(response)).toBe('Hello from Vertex');
    const [received] = server.requests;
    expect(received?.path).toBe(
      '/v1beta1/projects/acme-prod/locations/us-central1/publishers/google/models/gemini-2.5-flash:generateContent',
    );
    expect(received?.headers.authorization).toBe('Bearer ya29.token');
  });

  it('prices with the deployment’s own rates when it has them', async () => {
    const d: DeploymentConfig = {
      ...base,
      id: 'openai-b:gpt-5',
      provider: 'openai',
      model: 'gpt-5',
      baseURL: openai.baseURL,
      apiKeyEnv: 'K',
    };
    const secrets = secretsOf(d, { K: 'sk' })!;
    const listed = await deploymentModel(d, secrets, { clock }).generate(ask);
    const own = await deploymentModel({ ...d, pricing: { input: 1000, output: 1000 } }, secrets, {
      clock,
    }).generate(ask);
    const { inputTokens, outputTokens } = own.usage;
    expect(own.costUsd).toBeCloseTo(((inputTokens + outputTokens) * 1000) / 1e6, 9);
    expect(listed.costUsd).toBeLessThan(own.costUsd);
  });

  it('has no secrets when a variable it names is unset, so it runs on a simulator', () => {
    const d: DeploymentConfig = {
      ...base,
      id: 'b',
      provider: 'bedrock',
      model: 'claude-haiku-4-5',
      region: 'us-east-1',
      accessKeyIdEnv: 'ID',
      secretAccessKeyEnv: 'SECRET',
    };
    expect(secretsOf(d, { ID: 'x' })).toBeUndefined();
    expect(
      secretsOf({ ...d, accessKeyIdEnv: undefined, secretAccessKeyEnv: undefined }, {}),
    ).toEqual({});
    expect(secretsOf({ ...d, provider: 'openai', apiKeyEnv: undefined }, {})).toBeUndefined();
  });
});
