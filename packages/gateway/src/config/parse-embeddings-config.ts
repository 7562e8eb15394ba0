import type { Section } from './config-fields.js';
import {
  type EmbeddingGroupSettings,
  type EmbeddingsSettings,
  type ProviderName,
  providerNames,
} from './config-schema.js';

/**
 * The group an `embeddings` section without `groups` serves: OpenAI's and Gemini's embedding
 * models at one size, 768, so either can answer for the other.
 */
export const defaultEmbeddingGroups: Record<string, EmbeddingGroupSettings> = {
  default: {
    candidates: ['openai/text-embedding-3-small', 'gemini/gemini-embedding-001'],
    dimensions: 768,
  },
};

/** Providers with an embeddings API. */
const embeddingProviders: readonly ProviderName[] = ['openai', 'gemini'];

function candidates(group: Section): string[] {
  const value = group.raw('candidates');
  if (!Array.isArray(value) || value.length === 0) {
    group.problem('candidates', 'must be a non-empty list of "provider/model"');
    return [];
  }
  return value.filter((id: unknown, index) => {
    const at = `candidates[${index}]`;
    const slash = typeof id === 'string' ? id.indexOf('/') : -1;
    if (typeof id !== 'string' || slash <= 0 || slash === id.length - 1) {
      group.problem(at, 'must be "provider/model", e.g. "openai/text-embedding-3-small"');
      return false;
    }
    const provider = id.slice(0, slash) as ProviderName;
    if (provider === 'anthropic') {
      group.problem(at, 'names anthropic, which has no embeddings API (use openai or gemini)');
      return false;
    }
    if (!embeddingProviders.includes(provider)) {
      group.problem(at, `names provider "${provider}"; known: ${providerNames.join(', ')}`);
      return false;
    }
    if (value.indexOf(id) !== index) {
      group.problem(at, `"${id}" is listed twice`);
      return false;
    }
    return true;
  });
}

/**
 * The `embeddings` section: `groups` (default: `defaultEmbeddingGroups`), each a list of
 * candidates and an optional size, and the `default` group that `model: "auto"` names (default:
 * the first). Group names cannot look like a model id (`provider/model`) or be `auto`. That the
 * candidates of a group share one size is checked when the stack is built.
 */
export function parseEmbeddings(section: Section): EmbeddingsSettings {
  section.only(['default', 'groups']);
  const groupsSection = section.section('groups');
  const names = section.has('groups') ? groupsSection.keys() : Object.keys(defaultEmbeddingGroups);
  if (section.has('groups') && names.length === 0) section.problem('groups', 'must name a group');
  const groups: Record<string, EmbeddingGroupSettings> = section.has('groups')
    ? {}
    : { ...defaultEmbeddingGroups };
  for (const name of section.has('groups') ? names : []) {
    if (name === 'auto' || name.includes('/')) {
      groupsSection.problem(name, 'is not a group name: "auto" and names with / are models');
      continue;
    }
    const group = groupsSection.section(name).only(['candidates', 'dimensions']);
    const dimensions = group.number('dimensions', { integer: true, min: 1 });
    groups[name] = { candidates: candidates(group), ...(dimensions && { dimensions }) };
  }
  const fallback = Object.keys(groups)[0] ?? 'default';
  const chosen = section.string('default', fallback);
  if (section.has('default') && !(chosen in groups)) {
    section.problem('default', `must name a group (${Object.keys(groups).join(', ')})`);
  }
  return { default: chosen, groups };
}
