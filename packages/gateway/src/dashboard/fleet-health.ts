import {
  type CircuitState,
  deploymentField,
  type Headroom,
  healthDefaults,
  type Spend,
} from '@llmux/core';
import type { StackState } from '../stack/create-stack.js';

export interface DeploymentHealth {
  /** `provider/model`, with ` via <deployment>` for a declared deployment. */
  name: string;
  /** Null when the health store cannot say (Redis out): the breaker then fails open. */
  circuit: CircuitState | null;
  since: number | null;
  samples: number;
  failures: number;
  latencyMs: number | null;
  headroom: Headroom | null;
}

export interface TenantSpend extends Spend {
  tenant: string;
}

const orNull = <T>(work: Promise<T>): Promise<T | null> => work.catch(() => null);

/** Each deployment's circuit and recent outcomes (the fleet's, with Redis) and its headroom. */
export async function readFleetHealth(state: StackState): Promise<DeploymentHealth[]> {
  return Promise.all(
    state.targets.map(async ({ provider, model, id }) => {
      const named = deploymentField(provider, model, id);
      const [health, headroom] = await Promise.all([
        orNull(state.health.read(id, healthDefaults.windowMs)),
        state.headroom ? orNull(state.headroom.headroom({ provider, model, ...named })) : null,
      ]);
      return {
        name: `${provider}/${model}${named.deployment ? ` via ${named.deployment}` : ''}`,
        circuit: health?.circuit.state ?? null,
        since: health?.circuit.since || null,
        samples: health?.samples ?? 0,
        failures: health?.failures ?? 0,
        latencyMs: health?.latencyMs ?? null,
        headroom,
      };
    }),
  );
}

/** Each tenant's spend today and this month against its budgets; none without `rateLimits`. */
export async function readTenantSpend(
  state: StackState,
  tenants: string[],
): Promise<TenantSpend[]> {
  const { spend } = state;
  if (!spend) return [];
  const read = await Promise.all(
    tenants.map(async (tenant) => {
      const found = await orNull(spend.spend(tenant));
      return found && { tenant, ...found };
    }),
  );
  return read.filter((s): s is TenantSpend => s !== null);
}
