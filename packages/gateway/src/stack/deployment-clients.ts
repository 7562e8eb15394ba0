import { AnthropicBedrock } from '@anthropic-ai/bedrock-sdk';
import { AnthropicVertex } from '@anthropic-ai/vertex-sdk';
import { GoogleGenAI } from '@google/genai';
import {
  type Clock,
  createModelCatalog,
  defaultCatalog,
  type LanguageModel,
  type ModelCatalog,
} from '@llmux/core';
import { type ClaudeProviderOptions, createClaude } from '@llmux/provider-claude';
import { createGemini } from '@llmux/provider-gemini';
import { createOpenAI, type OpenAIProviderSettings } from '@llmux/provider-openai';
import { openaiTokenizer } from '@llmux/tokenizer-tiktoken';
import { OAuth2Client } from 'google-auth-library';
import { AzureOpenAI } from 'openai';
import type { DeploymentConfig, DeploymentKind } from '../config/deployment-config.js';
import { familyOf } from '../config/deployment-config.js';

/** The secrets a live deployment calls with, read from the variables its config names. */
export interface DeploymentSecrets {
  apiKey?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  accessToken?: string;
}

export interface ClientContext {
  clock: Clock;
  fetch?: typeof globalThis.fetch;
}

/**
 * The adapters take the clouds' clients, which share their SDK's interface (this package's copy
 * of an SDK may be another install of the same version than the adapter's).
 */
type ClaudeClient = NonNullable<ClaudeProviderOptions['client']>;
type OpenAIClient = NonNullable<OpenAIProviderSettings['client']>;

/** An OAuth client that only ever sends the access token it was given: no lookup, no refresh. */
const staticToken = (accessToken: string) => {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: accessToken });
  return client;
};

/**
 * The secrets a deployment needs, from `env`; undefined when one it names is not set (it then
 * runs on a simulator). Bedrock without named keys uses the AWS default credential chain, Vertex
 * without a token Google's Application Default Credentials: both resolved by their SDKs.
 */
export function secretsOf(
  d: DeploymentConfig,
  env: Record<string, string | undefined>,
): DeploymentSecrets | undefined {
  const read = (name: string | undefined) => (name === undefined ? undefined : env[name] || null);
  const secrets = {
    apiKey: read(d.apiKeyEnv),
    accessKeyId: read(d.accessKeyIdEnv),
    secretAccessKey: read(d.secretAccessKeyEnv),
    sessionToken: read(d.sessionTokenEnv),
    accessToken: read(d.accessTokenEnv),
  };
  if (Object.values(secrets).includes(null)) return undefined;
  const needsKey: DeploymentKind[] = ['openai', 'azure', 'anthropic', 'gemini'];
  if (needsKey.includes(d.provider) && secrets.apiKey === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(secrets).filter(([, v]) => v !== undefined),
  ) as DeploymentSecrets;
}

/** The catalog a deployment prices with: the default, or its own prices for its model. */
function catalogOf(d: DeploymentConfig): ModelCatalog {
  const info = defaultCatalog.get(familyOf[d.provider], d.model);
  if (!d.pricing || !info) return defaultCatalog;
  return createModelCatalog([{ ...info, pricing: d.pricing }], defaultCatalog.list());
}

/**
 * The model of a deployment: its kind's SDK client (`AzureOpenAI`, `AnthropicBedrock`,
 * `AnthropicVertex`, `GoogleGenAI` on Vertex) under its family's adapter, retries off.
 */
export function deploymentModel(
  d: DeploymentConfig,
  secrets: DeploymentSecrets,
  context: ClientContext,
): LanguageModel {
  const { clock, fetch } = context;
  const catalog = catalogOf(d);
  const common = { maxRetries: 0, logLevel: 'off' as const, ...(fetch && { fetch }) };
  const apiModel = d.apiModelId === undefined ? {} : { apiModelId: d.apiModelId };
  const build: Record<DeploymentKind, () => LanguageModel> = {
    openai: () =>
      createOpenAI({
        apiKey: secrets.apiKey,
        baseURL: d.baseURL,
        organization: d.organization,
        project: d.project,
        clock,
        fetch,
        catalog,
        tokenizer: openaiTokenizer,
      })(d.model),
    azure: () =>
      createOpenAI({
        client: new AzureOpenAI({
          endpoint: d.endpoint,
          apiKey: secrets.apiKey,
          apiVersion: d.apiVersion,
          deployment: d.deployment,
          ...common,
        }) as unknown as OpenAIClient,
        clock,
        catalog,
        tokenizer: openaiTokenizer,
      })(d.model),
    anthropic: () =>
      createClaude({ apiKey: secrets.apiKey, baseURL: d.baseURL, clock, fetch, catalog })(d.model),
    bedrock: () => {
      const options = {
        awsRegion: d.region,
        ...(d.baseURL && { baseURL: d.baseURL }),
        ...(secrets.apiKey && { apiKey: secrets.apiKey }),
        ...common,
      };
      const { accessKeyId, secretAccessKey, sessionToken = null } = secrets;
      const client =
        accessKeyId && secretAccessKey
          ? new AnthropicBedrock({
              ...options,
              awsAccessKey: accessKeyId,
              awsSecretKey: secretAccessKey,
              awsSessionToken: sessionToken,
            })
          : new AnthropicBedrock(options);
      const claude = createClaude({ client: client as unknown as ClaudeClient, clock, catalog })(
        d.model,
        apiModel,
      );
      // Bedrock has no count-tokens endpoint: the model must not offer to count.
      return {
        provider: claude.provider,
        modelId: claude.modelId,
        generate: (request) => claude.generate(request),
        stream: (request) => claude.stream(request),
      };
    },
    vertex: () =>
      createClaude({
        client: new AnthropicVertex({
          projectId: d.projectId,
          region: d.region,
          ...(d.baseURL && { baseURL: d.baseURL }),
          ...(secrets.accessToken && { authClient: staticToken(secrets.accessToken) }),
          ...common,
        }) as unknown as ClaudeClient,
        clock,
        catalog,
      })(d.model, apiModel),
    gemini: () =>
      createGemini({ apiKey: secrets.apiKey, baseURL: d.baseURL, clock, fetch, catalog })(d.model),
    'gemini-vertex': () =>
      createGemini({
        client: new GoogleGenAI({
          vertexai: true,
          project: d.project,
          location: d.location,
          ...(d.baseURL && { httpOptions: { baseUrl: d.baseURL } }),
          ...(secrets.accessToken && {
            googleAuthOptions: { authClient: staticToken(secrets.accessToken) },
          }),
        }),
        clock,
        catalog,
      })(d.model),
  };
  return build[d.provider]();
}
