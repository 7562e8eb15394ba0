import type { Clock } from '@llmux/core';
import type { StackState } from '../stack/create-stack.js';
import { type DashboardSeries, toDashboardSeries } from './dashboard-series.js';
import { type CostCell, mergeSummaries, OTHER, type StatsSummary } from './dashboard-stats.js';
import {
  type DeploymentHealth,
  readFleetHealth,
  readTenantSpend,
  type TenantSpend,
} from './fleet-health.js';
import type { FleetStats, FleetView } from './fleet-stats.js';

/** What `GET /dashboard/data` answers. */
export interface DashboardData {
  at: number;
  scope: Omit<FleetView, 'summaries'>;
  series: DashboardSeries;
  /** Spend by tenant (today and this month against budgets, with `rateLimits`) and by model. */
  spend: Array<{
    tenant: string;
    budget: Omit<TenantSpend, 'tenant'> | null;
    byModel: Array<{ model: string } & CostCell>;
  }>;
  savings: Array<{
    lever: 'routing' | 'response cache' | 'prompt cache' | 'batch';
    savedUsd: number;
  }>;
  health: DeploymentHealth[];
  failovers: StatsSummary['failovers'];
  recent: StatsSummary['recent'];
}

export interface DashboardDataOptions {
  fleet: FleetStats;
  state: StackState;
  /** The configured tenants, shown with their budgets before any traffic. */
  tenants: string[];
  clock: Clock;
  /** Seconds the charts show. Default 60. */
  spanSeconds?: number;
}

/** Reads the fleet's stats, circuits, headroom and budgets into the page's one JSON document. */
export function createDashboardData(options: DashboardDataOptions): () => Promise<DashboardData> {
  const { fleet, state, clock, spanSeconds = 60 } = options;
  return async () => {
    const [{ summaries, ...scope }, health] = await Promise.all([
      fleet.collect(),
      readFleetHealth(state),
    ]);
    const merged = mergeSummaries(summaries);
    const seen = Object.keys(merged.spend).filter((t) => t !== 'none' && t !== OTHER);
    const tenants = [...new Set([...options.tenants, ...seen])].sort();
    const budgets = new Map(
      (await readTenantSpend(state, tenants)).map(({ tenant, ...spend }) => [tenant, spend]),
    );
    const now = clock.now();
    return {
      at: now,
      scope,
      series: toDashboardSeries(merged, now, spanSeconds),
      spend: [...tenants, ...(merged.spend[OTHER] ? [OTHER] : [])].map((tenant) => ({
        tenant,
        budget: budgets.get(tenant) ?? null,
        byModel: Object.entries(merged.spend[tenant] ?? {})
          .map(([model, cell]) => ({ model, ...cell }))
          .sort((a, b) => b.costUsd - a.costUsd),
      })),
      savings: [
        { lever: 'routing', savedUsd: merged.savings.routingUsd },
        { lever: 'response cache', savedUsd: merged.savings.responseCacheUsd },
        { lever: 'prompt cache', savedUsd: merged.savings.promptCacheUsd },
        { lever: 'batch', savedUsd: merged.savings.batchUsd },
      ],
      health,
      failovers: merged.failovers,
      recent: merged.recent,
    };
  };
}
