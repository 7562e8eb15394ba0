import { healthKey, type ModelCatalog } from '@llmux/core';
import type { Candidate } from './compiled-config.js';
import { ConfigIssues, checkStrings } from './validate-fields.js';

/** What the router was given besides the configuration, which rules and strategies rely on. */
export interface ConfigEnvironment {
  catalog: ModelCatalog;
  health: boolean;
  headroom: boolean;
  spend: boolean;
}

const sourceHint = {
  health: 'a health source (createRouter({ health }))',
  headroom: 'a headroom source (createRouter({ headroom }))',
  spend: 'a spend source (createRouter({ spend }))',
} as const;

/** What checking one configuration carries along: its issues, environment and candidates. */
export class ConfigContext {
  readonly issues = new ConfigIssues();
  readonly candidates: Candidate[] = [];

  constructor(private readonly env: ConfigEnvironment) {}

  /** Notes a problem when a rule or strategy relies on a source the router was not given. */
  needSource(source: keyof typeof sourceHint, path: string) {
    if (!this.env[source]) this.issues.add(path, `needs ${sourceHint[source]}`);
  }

  compileCandidates(value: unknown) {
    if (!Array.isArray(value) || value.length === 0) {
      this.issues.add('candidates', 'must be a non-empty list of "provider/model"');
      return;
    }
    value.forEach((item, i) => {
      const path = `candidates[${i}]`;
      const slash = typeof item === 'string' ? item.indexOf('/') : -1;
      if (typeof item !== 'string' || slash <= 0 || slash === item.length - 1) {
        this.issues.add(path, 'must be "provider/model", e.g. "anthropic/claude-sonnet-4-6"');
        return;
      }
      if (this.candidates.some((c) => c.id === item)) {
        this.issues.add(path, `"${item}" is listed twice`);
        return;
      }
      const provider = item.slice(0, slash);
      const model = item.slice(slash + 1);
      const info = this.env.catalog.get(provider, model);
      if (!info) {
        this.issues.add(
          path,
          `"${item}" is not in the model catalog; add it with createModelCatalog()`,
        );
        return;
      }
      this.candidates.push({
        id: item,
        provider,
        model,
        info,
        deployments: [{ id: healthKey(provider, model), weight: 1 }],
        balance: 'round-robin',
      });
    });
  }

  /** The candidates a target names: one `provider/model`, or every candidate of a provider. */
  resolveTarget(target: string, path: string): Candidate[] {
    const found = target.includes('/')
      ? this.candidates.filter((c) => c.id === target)
      : this.candidates.filter((c) => c.provider === target);
    if (found.length === 0) {
      this.issues.add(path, `"${target}" is not a candidate nor the provider of one`);
    }
    return found;
  }

  resolveTargets(value: unknown, path: string): { targets: string[]; candidates: Candidate[] } {
    const targets = checkStrings(value, path, this.issues);
    const candidates = targets.flatMap((target, i) =>
      this.resolveTarget(target, typeof value === 'string' ? path : `${path}[${i}]`),
    );
    return { targets, candidates: [...new Set(candidates)] };
  }
}
