import type { ProfileShare } from './cpu-profile.js';
import type { InProcessProfile } from './in-process-profile.js';

const row = (name: string, us: number, share: number) =>
  `| ${name} | ${us.toFixed(1)} | ${(share * 100).toFixed(1)}% |`;
const sum = (shares: ProfileShare[], pick: (s: ProfileShare) => number) =>
  shares.reduce((total, s) => total + pick(s), 0);

/** A profile's shares as a table, those under 1% added up in one row. */
export function renderShares(what: string, per: string, shares: ProfileShare[]): string[] {
  const shown = shares.filter((s) => s.share >= 0.01);
  const rest = shares.slice(shown.length);
  return [
    `| ${what} | µs per ${per} | share |`,
    '|---|---:|---:|',
    ...shown.map((s) => row(s.name, s.usPerRequest, s.share)),
    ...(rest.length > 0
      ? [
          row(
            `${rest.length} more, under 1% each`,
            sum(rest, (s) => s.usPerRequest),
            sum(rest, (s) => s.share),
          ),
        ]
      : []),
    `| all | ${sum(shares, (s) => s.usPerRequest).toFixed(1)} | 100% |`,
  ];
}

/** An in-process profile: by package, then the functions that take the most. */
export function renderInProcessProfile(intro: string, p: InProcessProfile): string[] {
  return [
    intro,
    '',
    ...renderShares('code', 'call', p.byOwner),
    '',
    'The functions that take the most:',
    '',
    '| function (code) | µs per call | share |',
    '|---|---:|---:|',
    ...p.topFunctions.map((s) => row(s.name, s.usPerRequest, s.share)),
    '',
  ];
}
