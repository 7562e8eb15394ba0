import type { RangeConfig } from './rule-schema.js';

/** Every place in a run of digits that has a multiple of three digits after it. */
const thousands = /\B(?=(\d{3})+(?!\d))/g;

/**
 * Numbers as route reasons show them, the same on every machine (no locale): `12,345`. Integers
 * are grouped by hand, as `en-US` groups them; ICU, behind `toLocaleString`, costs far more in
 * a request's path (microseconds a call, cold), and formats only what the grouping does not cover.
 */
export const formatCount = (n: number): string => {
  const rounded = Math.round(n);
  return Number.isSafeInteger(rounded) && !Object.is(rounded, -0)
    ? String(rounded).replace(thousands, ',')
    : rounded.toLocaleString('en-US');
};

export const formatPercent = (share: number): string => `${Math.round(share * 100)}%`;

export const formatUsd = (usd: number): string =>
  `$${usd >= 1 ? usd.toFixed(2) : Number(usd.toPrecision(3)).toString()}`;

export const formatMs = (ms: number): string =>
  ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${formatCount(ms)} ms`;

const symbols = { gt: '>', gte: '≥', lt: '<', lte: '≤' } as const;

/** `> 100,000`, or `≥ 1,000 and ≤ 10,000`. */
export const formatRange = (range: RangeConfig, format: (n: number) => string): string =>
  (Object.keys(symbols) as Array<keyof typeof symbols>)
    .filter((key) => range[key] !== undefined)
    .map((key) => `${symbols[key]} ${format(range[key]!)}`)
    .join(' and ');

export const inRange = (value: number, range: RangeConfig): boolean =>
  (range.gt === undefined || value > range.gt) &&
  (range.gte === undefined || value >= range.gte) &&
  (range.lt === undefined || value < range.lt) &&
  (range.lte === undefined || value <= range.lte);
