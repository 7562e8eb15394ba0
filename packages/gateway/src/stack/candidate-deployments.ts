import type { GroupConfig, RouterConfig } from '@llmux/router';
import type { DeploymentConfig } from '../config/deployment-config.js';
import { candidateOf, defaultDeploymentOf } from '../config/parse-deployments.js';
import type { CandidateRef } from './router-config.js';

const idOf = (entry: GroupConfig['deployments'][number]) =>
  typeof entry === 'string' ? entry : entry.id;

/**
 * Which deployments serve each candidate, and the router's groups for them: a candidate's group
 * from `router.groups` as given; else every deployment declared for its model, in order; else
 * its default deployment (`provider:model`, on the provider's settings), as before groups.
 */
export function candidateDeployments(
  candidates: CandidateRef[],
  declared: DeploymentConfig[],
  explicit: RouterConfig['groups'] = {},
): { idsOf: (candidate: CandidateRef) => string[]; groups: NonNullable<RouterConfig['groups']> } {
  const groups: NonNullable<RouterConfig['groups']> = { ...explicit };
  for (const { provider, model } of candidates) {
    const id = `${provider}/${model}`;
    const own = declared.filter((d) => candidateOf(d) === id).map((d) => d.id);
    if (!groups[id] && own.length > 0) groups[id] = { deployments: own };
  }
  return {
    groups,
    idsOf: ({ provider, model }) => {
      const id = `${provider}/${model}`;
      return groups[id]?.deployments.map(idOf) ?? [defaultDeploymentOf(id)];
    },
  };
}
