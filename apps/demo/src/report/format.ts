/** How numbers read in the scenario summary, the report and the benchmarks. */

/** Dollars with the decimals their size needs: `$0.00042`, `$0.0312`, `$12.40`. */
export const formatUsd = (usd: number): string =>
  usd === 0 ? '$0' : `$${usd.toFixed(usd < 0.01 ? 5 : usd < 1 ? 4 : 2)}`;

export const formatMs = (ms: number | undefined): string =>
  ms === undefined ? '-' : ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(2)} s`;

export const formatPercent = (share: number): string => `${(share * 100).toFixed(1)}%`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');
