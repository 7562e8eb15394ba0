import type { Deployment } from './compiled-config.js';
import type { ConfigContext } from './config-context.js';
import type { BalanceName } from './rule-schema.js';
import { type ConfigIssues, checkNumber, checkObject, isRecord } from './validate-fields.js';

const balances: readonly BalanceName[] = ['round-robin', 'least-busy'];

/** A group's entry: an id, or `{ id, weight }`. */
function readDeployment(
  entry: unknown,
  path: string,
  issues: ConfigIssues,
): Deployment | undefined {
  if (typeof entry === 'string' && entry.trim() !== '') return { id: entry, weight: 1 };
  if (!isRecord(entry)) {
    issues.add(path, 'must be a deployment id or { id, weight }');
    return undefined;
  }
  checkObject(entry, path, ['id', 'weight'], issues);
  const { id } = entry;
  if (typeof id !== 'string' || id.trim() === '') {
    issues.add(`${path}.id`, 'must be a non-empty string');
    return undefined;
  }
  const weight =
    entry.weight === undefined
      ? 1
      : checkNumber(entry.weight, `${path}.weight`, 'positive', issues);
  return weight === undefined ? undefined : { id, weight };
}

/**
 * Gives the candidates named in `groups` their deployments and balance. A deployment id names
 * one deployment only: listed twice, or the default id of a candidate without a group, is an
 * issue.
 */
export function compileGroups(ctx: ConfigContext, value: unknown): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    ctx.issues.add('groups', 'must be an object of "provider/model": { deployments, balance }');
    return;
  }
  /** Where each deployment id is taken, to name the first owner of a duplicate. */
  const owners = new Map<string, string>();
  for (const candidate of ctx.candidates) {
    if (!Object.hasOwn(value, candidate.id)) {
      owners.set(candidate.deployments[0]!.id, `candidate "${candidate.id}" (its default)`);
    }
  }
  for (const [id, spec] of Object.entries(value)) {
    const path = `groups["${id}"]`;
    const candidate = ctx.candidates.find((c) => c.id === id);
    if (!candidate) {
      ctx.issues.add(path, 'is not a candidate');
      continue;
    }
    if (!checkObject(spec, path, ['deployments', 'balance'], ctx.issues)) continue;
    if (!Array.isArray(spec.deployments) || spec.deployments.length === 0) {
      ctx.issues.add(`${path}.deployments`, 'must be a non-empty list of deployment ids');
      continue;
    }
    const deployments: Deployment[] = [];
    spec.deployments.forEach((entry, i) => {
      const at = `${path}.deployments[${i}]`;
      const deployment = readDeployment(entry, at, ctx.issues);
      if (!deployment) return;
      const owner = owners.get(deployment.id);
      if (owner) {
        ctx.issues.add(at, `"${deployment.id}" is already a deployment of ${owner}`);
        return;
      }
      owners.set(deployment.id, path);
      deployments.push(deployment);
    });
    const balance = spec.balance ?? 'round-robin';
    if (!balances.includes(balance as BalanceName)) {
      ctx.issues.add(`${path}.balance`, `must be one of ${balances.join(', ')}`);
    } else if (balance === 'least-busy') {
      ctx.needSource('headroom', `${path}.balance`);
    }
    if (deployments.length > 0) {
      candidate.deployments = deployments;
      candidate.balance = balance as BalanceName;
    }
  }
}
