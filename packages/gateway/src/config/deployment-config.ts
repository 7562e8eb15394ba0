import type { TokenRates } from '@llmux/core';
import type { ProviderName, SimulatorSettings } from './config-schema.js';

/** Where a deployment runs: a provider's own API, or a cloud that serves the same models. */
export const deploymentKinds = [
  'openai',
  'azure',
  'anthropic',
  'bedrock',
  'vertex',
  'gemini',
  'gemini-vertex',
] as const;
export type DeploymentKind = (typeof deploymentKinds)[number];

/**
 * The adapter each kind speaks through, which is also the provider of the models it serves:
 * Azure's `gpt-5` is `openai/gpt-5`, Claude on Bedrock or Vertex is `anthropic/…`.
 */
export const familyOf: Record<DeploymentKind, ProviderName> = {
  openai: 'openai',
  azure: 'openai',
  anthropic: 'anthropic',
  bedrock: 'anthropic',
  vertex: 'anthropic',
  gemini: 'gemini',
  'gemini-vertex': 'gemini',
};

/**
 * One deployment of one model: an API key (or organization) of a provider, an Azure OpenAI
 * deployment, Claude on Bedrock or Vertex, Gemini on Vertex. Fields apply by `provider` kind;
 * every secret is named by the environment variable that holds it.
 */
export interface DeploymentConfig {
  /** Unique; default `provider:model`. Health, circuits, limits and traces name it. */
  id: string;
  provider: DeploymentKind;
  /** The catalog's model id: prices, capabilities and the response's `model`. */
  model: string;
  /** What the API calls the model, where it differs (Bedrock, Vertex): `bedrock`, `vertex`. */
  apiModelId?: string;
  /** `openai`, `azure`, `anthropic`, `gemini`, and `bedrock` (a Bedrock API key). */
  apiKeyEnv?: string;
  /** Every kind but `azure`: where its API is (a proxy, a simulator). */
  baseURL?: string;
  /** `openai`. */
  organization?: string;
  /** `openai`: the OpenAI project; `gemini-vertex`: the Google Cloud project. */
  project?: string;
  /** `azure`: `https://{resource}.openai.azure.com`. */
  endpoint?: string;
  /** `azure`: the `api-version` query parameter. */
  apiVersion?: string;
  /** `azure`: the deployment's name in the Azure resource. */
  deployment?: string;
  /** `bedrock` (AWS region) and `vertex` (Google Cloud region). */
  region?: string;
  /** `bedrock`: AWS credentials; without them, the AWS default credential chain. */
  accessKeyIdEnv?: string;
  secretAccessKeyEnv?: string;
  sessionTokenEnv?: string;
  /** `vertex`: the Google Cloud project. */
  projectId?: string;
  /** `gemini-vertex`: the Google Cloud location. */
  location?: string;
  /** `vertex`, `gemini-vertex`: an OAuth access token; without it, Application Default Credentials. */
  accessTokenEnv?: string;
  /** Replaces the catalog's prices for this deployment (USD per million tokens). */
  pricing?: TokenRates;
  /** Always the simulator of its family, even with credentials and `--live`. */
  simulate: boolean;
  simulator: SimulatorSettings;
}

/** The fields each kind takes besides the common ones, and which of them it requires. */
export const kindFields: Record<DeploymentKind, { known: string[]; required: string[] }> = {
  openai: { known: ['apiKeyEnv', 'baseURL', 'organization', 'project'], required: [] },
  azure: {
    known: ['apiKeyEnv', 'endpoint', 'apiVersion', 'deployment'],
    required: ['endpoint', 'apiVersion', 'deployment'],
  },
  anthropic: { known: ['apiKeyEnv', 'baseURL'], required: [] },
  bedrock: {
    known: [
      'region',
      'apiModelId',
      'apiKeyEnv',
      'accessKeyIdEnv',
      'secretAccessKeyEnv',
      'sessionTokenEnv',
      'baseURL',
    ],
    required: ['region', 'apiModelId'],
  },
  vertex: {
    known: ['projectId', 'region', 'apiModelId', 'accessTokenEnv', 'baseURL'],
    required: ['projectId', 'region'],
  },
  gemini: { known: ['apiKeyEnv', 'baseURL'], required: [] },
  'gemini-vertex': {
    known: ['project', 'location', 'accessTokenEnv', 'baseURL'],
    required: ['project', 'location'],
  },
};
