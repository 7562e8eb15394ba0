/** How much a provider and model can still take right now, as the rate limiter sees it. */
export interface Headroom {
  /** Share of the request allowance left, 0 to 1; absent when no limit applies. */
  requests?: number;
  /** Share of the token allowance left, 0 to 1. */
  tokens?: number;
  /** Concurrent calls in flight. */
  inFlight?: number;
  /** Set while the provider has said it is out (a 429); epoch milliseconds. */
  pausedUntil?: number;
}

export interface HeadroomTarget {
  provider: string;
  model: string;
  /** One deployment of the model; default its only one. */
  deployment?: string;
  tenant?: string;
}

export interface HeadroomSource {
  headroom(target: HeadroomTarget): Promise<Headroom>;
  /**
   * `headroom` at once, when the counts are in this process; undefined when they must be fetched
   * (a shared store), and then ask `headroom`. The router plans every call with it.
   */
  peek?(target: HeadroomTarget): Headroom | undefined;
}

/** Money spent in the current day and month (UTC) against the budgets, if any. */
export interface Spend {
  dayUsd: number;
  monthUsd: number;
  dailyBudgetUsd?: number;
  monthlyBudgetUsd?: number;
}

export interface SpendSource {
  spend(tenant?: string): Promise<Spend>;
}
