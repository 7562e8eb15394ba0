import type { GroupStats } from './aggregate.js';
import { formatCount, formatMs, formatPercent, formatUsd } from './format.js';
import type { Column } from './text-table.js';

const right = <Row>(header: string, value: (row: Row) => string): Column<Row> => ({
  header,
  value,
  align: 'right',
});

/** The report's columns per provider, model and task, in the text table and the HTML page. */
export const groupColumns: Array<Column<GroupStats>> = [
  { header: 'provider', value: (g) => g.provider },
  { header: 'model', value: (g) => g.model },
  { header: 'task', value: (g) => g.task ?? '' },
  right('requests', (g) => formatCount(g.requests)),
  right('failed', (g) => formatCount(g.failed)),
  right('calls', (g) => formatCount(g.calls)),
  right('error rate', (g) => formatPercent(g.errorRate)),
  right('p50', (g) => formatMs(g.p50Ms)),
  right('p95', (g) => formatMs(g.p95Ms)),
  right('cost', (g) => formatUsd(g.costUsd)),
  right('cache hits', (g) => `${g.cacheHits} (${formatPercent(g.cacheHitRate)})`),
  right('cache saved', (g) => formatUsd(g.savedUsd)),
  right('prompt cache saved', (g) => formatUsd(g.promptCacheSavedUsd)),
  right('failovers', (g) => formatCount(g.failovers)),
];

/** Tries llmux's own limits refused: shown beside the suggestions, where it tells them apart. */
export const refusalsColumn: Column<GroupStats> = right('limit refusals', (g) =>
  formatCount(g.refusals),
);
