/** How numbers read in the scenario summary, the report and the benchmarks. */

/** Dollars with the decimals their size needs: `$0.00042`, `$0.0312`, `$12.40`, `-$0.0050`. */
export const formatUsd = (usd: number): string => {
  if (usd === 0) return '$0';
  const size = Math.abs(usd);
  return `${usd < 0 ? '-' : ''}$${size.toFixed(size < 0.01 ? 5 : size < 1 ? 4 : 2)}`;
};

export const formatMs = (ms: number | undefined): string =>
  ms === undefined ? '-' : ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(2)} s`;

export const formatPercent = (share: number): string => `${(share * 100).toFixed(1)}%`;

export const formatCount = (n: number): string => n.toLocaleString('en-US');
