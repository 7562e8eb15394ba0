import { healthKey, type TokenRates } from '@llmux/core';
import { resolveRouterConfig } from '../stack/router-config.js';
import { type ConfigIssues, isRecord, Section } from './config-fields.js';
import type { ProviderConfig, ProviderName, RouterSettings } from './config-schema.js';
import {
  type DeploymentConfig,
  deploymentKinds,
  familyOf,
  kindFields,
} from './deployment-config.js';
import { simulator } from './parse-config.js';

const common = ['id', 'provider', 'model', 'pricing', 'simulate', 'simulator'];
const urlFields = new Set(['baseURL', 'endpoint']);

function pricing(section: Section): DeploymentConfig['pricing'] {
  section.only(['input', 'output', 'cacheRead', 'cacheWrite', 'cacheWrite1h']);
  const rate = (key: string) => section.number(key, { min: 0 });
  const input = rate('input');
  const output = rate('output');
  if (input === undefined) section.problem('input', 'is required with pricing');
  if (output === undefined) section.problem('output', 'is required with pricing');
  if (input === undefined || output === undefined) return undefined;
  const rates: TokenRates = { input, output };
  for (const key of ['cacheRead', 'cacheWrite', 'cacheWrite1h'] as const) {
    const value = rate(key);
    if (value !== undefined) rates[key] = value;
  }
  return rates;
}

/** One entry of `deployments`: its kind's fields, what the kind requires, its provider's defaults. */
function deployment(
  section: Section,
  providers: Record<ProviderName, ProviderConfig>,
): DeploymentConfig | undefined {
  const provider = section.oneOf('provider', deploymentKinds);
  if (provider === undefined) {
    if (!section.has('provider')) {
      section.problem('provider', `is required (one of ${deploymentKinds.join(', ')})`);
    }
    return undefined;
  }
  const { known, required } = kindFields[provider];
  section.only([...common, ...known]);
  for (const key of required) {
    if (!section.has(key)) section.problem(key, `is required for provider ${provider}`);
  }
  const model = section.string('model');
  if (model === undefined) {
    section.problem('model', 'is required: the catalog id of the model it serves');
    return undefined;
  }
  const fields: Record<string, string> = {};
  for (const key of known) {
    const value = key.endsWith('Env')
      ? section.envName(key)
      : urlFields.has(key)
        ? section.url(key)
        : section.string(key);
    if (value !== undefined) fields[key] = value;
  }
  if (section.has('accessKeyIdEnv') !== section.has('secretAccessKeyEnv')) {
    section.problem('accessKeyIdEnv', 'and secretAccessKeyEnv go together: give both or neither');
  }
  // A deployment of a provider's own API starts from that provider's settings.
  const base = provider === familyOf[provider] ? providers[familyOf[provider]] : undefined;
  const apiKeyEnv = fields.apiKeyEnv ?? base?.apiKeyEnv;
  const rates = section.has('pricing') ? pricing(section.section('pricing')) : undefined;
  return {
    ...fields,
    id: section.string('id', `${provider}:${model}`),
    provider,
    model,
    ...(apiKeyEnv !== undefined && { apiKeyEnv }),
    ...(provider === 'azure' && { apiKeyEnv: fields.apiKeyEnv ?? 'AZURE_OPENAI_API_KEY' }),
    ...(base?.baseURL !== undefined && { baseURL: fields.baseURL ?? base.baseURL }),
    ...(rates && { pricing: rates }),
    simulate: section.boolean('simulate', base?.simulate ?? false),
    simulator: { ...base?.simulator, ...simulator(section.section('simulator')) },
  };
}

/** The `deployments` list, each entry checked; ids must be unique. */
export function parseDeployments(
  raw: unknown,
  providers: Record<ProviderName, ProviderConfig>,
  issues: ConfigIssues,
): DeploymentConfig[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    issues.add('deployments', 'must be a list of deployments');
    return [];
  }
  const first = new Map<string, number>();
  const parsed: DeploymentConfig[] = [];
  raw.forEach((item, i) => {
    const section = Section.of(item, `deployments[${i}]`, issues);
    const found = deployment(section, providers);
    if (!found) return;
    const before = first.get(found.id);
    if (before !== undefined) {
      section.problem('id', `"${found.id}" is already the id of deployments[${before}]`);
      return;
    }
    first.set(found.id, i);
    parsed.push(found);
  });
  return parsed;
}

/** `openai/gpt-5`: the router candidate a deployment serves. */
export const candidateOf = (d: Pick<DeploymentConfig, 'provider' | 'model'>): string =>
  `${familyOf[d.provider]}/${d.model}`;

/** The id of a candidate's default deployment (its provider's settings): `openai:gpt-5`. */
export const defaultDeploymentOf = (candidate: string): string => {
  const slash = candidate.indexOf('/');
  return healthKey(candidate.slice(0, slash), candidate.slice(slash + 1));
};

const groupEntryId = (entry: unknown): unknown => (isRecord(entry) ? entry.id : entry);

/**
 * Checks that deployments and `router.groups` agree: each deployment serves a router candidate
 * and is in its group; each group names deployments of its candidate (declared, or the default
 * one, `provider:model`, from `providers`).
 */
export function checkDeploymentGroups(
  deployments: DeploymentConfig[],
  router: RouterSettings,
  issues: ConfigIssues,
): void {
  const candidates = resolveRouterConfig(router).candidates ?? [];
  const groups = isRecord(router.groups) ? router.groups : {};
  deployments.forEach((d, i) => {
    const candidate = candidateOf(d);
    const path = `deployments[${i}]`;
    if (!candidates.includes(candidate)) {
      issues.add(`${path}.model`, `serves ${candidate}, which is not a router candidate`);
      return;
    }
    const group = groups[candidate];
    const listed = Array.isArray(group?.deployments) ? group.deployments.map(groupEntryId) : [];
    if (group && !listed.includes(d.id)) {
      issues.add(path, `"${d.id}" is not in router.groups["${candidate}"]: list it there`);
    }
  });
  for (const [candidate, group] of Object.entries(groups)) {
    if (!Array.isArray(group?.deployments)) continue; // the router names what is wrong with it
    const own = [
      ...deployments.filter((d) => candidateOf(d) === candidate).map((d) => d.id),
      defaultDeploymentOf(candidate),
    ];
    group.deployments.forEach((entry, i) => {
      const id = groupEntryId(entry);
      if (typeof id !== 'string' || own.includes(id)) return;
      issues.add(
        `router.groups["${candidate}"].deployments[${i}]`,
        `"${id}" is not a deployment of ${candidate} (its deployments: ${[...new Set(own)].join(', ')})`,
      );
    });
  }
}
