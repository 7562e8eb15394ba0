import { invalidOption } from './invalid-option.js';
import type { LanguageModel } from './language-model.js';
import { healthKey } from './state/health-store.js';

/** What names a deployment: a model, or a route candidate or attempt record about one. */
interface DeploymentRef {
  provider: string;
  model: string;
  deployment?: string;
}

/** A route candidate's (or attempt's) deployment: its own, else its model's only one. */
export const deploymentOf = (ref: DeploymentRef): string =>
  ref.deployment ?? healthKey(ref.provider, ref.model);

/** A model's deployment: `deploymentId`, else `provider:modelId`. */
export const deploymentIdOf = (
  model: Pick<LanguageModel, 'provider' | 'modelId' | 'deploymentId'>,
) =>
  deploymentOf({ provider: model.provider, model: model.modelId, deployment: model.deploymentId });

/**
 * The `deployment` field for a plan, attempt or event about deployment `id` of a model: none for
 * the model's default deployment, so what a plain `provider:model` setup records is unchanged.
 */
export const deploymentField = (
  provider: string,
  model: string,
  id: string,
): { deployment?: string } => (id === healthKey(provider, model) ? {} : { deployment: id });

/**
 * The same model known as one deployment of it (an API key, an Azure deployment, a Bedrock
 * region): `withDeployment(createOpenAI({ apiKey: eu })('gpt-5'), 'openai-eu:gpt-5')`. Its
 * provider and model id stay the model's, for prices, capabilities and the response's `model`.
 */
export function withDeployment(model: LanguageModel, deploymentId: string): LanguageModel {
  if (typeof model?.generate !== 'function' || typeof model.stream !== 'function') {
    throw invalidOption('model', 'a LanguageModel', model);
  }
  if (typeof deploymentId !== 'string' || deploymentId.trim() === '') {
    throw invalidOption('deploymentId', 'a non-empty string', deploymentId);
  }
  return {
    provider: model.provider,
    modelId: model.modelId,
    deploymentId,
    generate: (request) => model.generate(request),
    stream: (request) => model.stream(request),
    ...(model.countTokens && { countTokens: (request) => model.countTokens!(request) }),
  };
}
