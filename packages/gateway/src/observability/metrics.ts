import type { Observer, RequestRecord } from '@llmux/core';

/** Latency buckets in seconds, from a cache hit to a long generation. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

interface Definition {
  help: string;
  type: 'counter' | 'histogram';
}

const definitions: Record<string, Definition> = {
  llmux_requests_total: {
    type: 'counter',
    help: 'Requests through the stack, by who answered and how they ended.',
  },
  llmux_request_errors_total: { type: 'counter', help: 'Failed requests by error kind.' },
  llmux_tokens_total: {
    type: 'counter',
    help: 'Tokens by provider, model and type (input, output, cache_read, cache_write); input counts cached tokens too.',
  },
  llmux_cost_usd_total: { type: 'counter', help: 'Money spent in USD.' },
  llmux_cache_hits_total: { type: 'counter', help: 'Requests answered from the response cache.' },
  llmux_cache_saved_usd_total: {
    type: 'counter',
    help: 'What cache hits would have cost, in USD.',
  },
  llmux_prompt_cache_saved_usd_total: {
    type: 'counter',
    help: "What the providers' prompt caches saved against plain input, in USD, net of cache-write premiums, on requests where they saved; subtract llmux_prompt_cache_overspent_usd_total for the net saving.",
  },
  llmux_prompt_cache_overspent_usd_total: {
    type: 'counter',
    help: 'What prompt caching cost above plain input, in USD, on requests whose cache writes cost more than their cache reads saved (typically the request that fills a cache).',
  },
  llmux_failovers_total: { type: 'counter', help: 'Moves to another provider or model.' },
  llmux_store_outages_total: {
    type: 'counter',
    help: 'Times a shared store (Redis) went down and the layers went on without it.',
  },
  llmux_http_responses_total: {
    type: 'counter',
    help: 'HTTP responses of the gateway by route and status.',
  },
  llmux_request_duration_seconds: { type: 'histogram', help: 'Request latency through the stack.' },
  llmux_time_to_first_token_seconds: {
    type: 'histogram',
    help: 'Time to the first content of streamed requests.',
  },
};

export interface HistogramValue {
  /** Cumulative counts per bucket of `DURATION_BUCKETS`. */
  buckets: number[];
  sum: number;
  count: number;
}

/** Plain data, so the workers of a cluster can send theirs to be added up. */
export interface MetricsSnapshot {
  counters: Record<string, Record<string, number>>;
  histograms: Record<string, Record<string, HistogramValue>>;
}

export interface Metrics {
  /** Counts each `request-end` record, and each store outage. */
  readonly observer: Observer;
  httpResponse(route: string, status: number): void;
  snapshot(): MetricsSnapshot;
}

const escapeLabel = (value: string) =>
  value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/** `provider="openai",model="gpt-5"`: the series key, already in exposition form. */
const labels = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}="${escapeLabel(value)}"`)
    .join(',');

/** The series keys a request record adds to, by its provider, model and tenant. */
function seriesOf(provider: string, model: string, tenant: string) {
  const target = labels({ provider, model });
  return {
    target,
    requests: {
      success: labels({ provider, model, tenant, outcome: 'success' }),
      error: labels({ provider, model, tenant, outcome: 'error' }),
    },
    tokens: {
      input: `${target},type="input"`,
      output: `${target},type="output"`,
      cacheRead: `${target},type="cache_read"`,
      cacheWrite: `${target},type="cache_write"`,
    },
    cost: labels({ provider, model, tenant }),
    duration: { streamed: `${target},streamed="true"`, whole: `${target},streamed="false"` },
  };
}

/** The entry at `key`, made on first use. */
function slot<T>(map: Record<string, T>, key: string, make: () => T): T {
  let found = map[key];
  if (found === undefined) {
    found = make();
    map[key] = found;
  }
  return found;
}

const emptyHistogram = (): HistogramValue => ({
  buckets: DURATION_BUCKETS.map(() => 0),
  sum: 0,
  count: 0,
});

export function createMetrics(): Metrics {
  const state: MetricsSnapshot = { counters: {}, histograms: {} };
  const add = (name: string, series: string, by: number) => {
    const metric = slot(state.counters, name, (): Record<string, number> => ({}));
    metric[series] = (metric[series] ?? 0) + by;
  };
  const observe = (name: string, series: string, seconds: number) => {
    const value = slot(
      slot(state.histograms, name, () => ({})),
      series,
      emptyHistogram,
    );
    for (let i = 0; i < DURATION_BUCKETS.length; i++) {
      if (seconds <= DURATION_BUCKETS[i]!) value.buckets[i]!++;
    }
    value.sum += seconds;
    value.count++;
  };

  /** The series keys of one provider, model and tenant, made once: a request only looks them up. */
  const seriesCache = new Map<string, ReturnType<typeof seriesOf>>();
  const seriesFor = (provider: string, model: string, tenant: string) => {
    const key = `${provider}\n${model}\n${tenant}`;
    let found = seriesCache.get(key);
    if (found === undefined) {
      found = seriesOf(provider, model, tenant);
      seriesCache.set(key, found);
    }
    return found;
  };

  const record = (r: RequestRecord) => {
    const provider = r.selected_provider ?? 'none';
    const model = r.model ?? 'none';
    const tenant = r.tenant ?? 'none';
    const series = seriesFor(provider, model, tenant);
    const { target } = series;
    const outcome = r.error_kind === null ? 'success' : 'error';
    add('llmux_requests_total', series.requests[outcome], 1);
    if (r.error_kind !== null)
      add('llmux_request_errors_total', labels({ kind: r.error_kind, tenant }), 1);
    add('llmux_tokens_total', series.tokens.input, r.input_tokens);
    add('llmux_tokens_total', series.tokens.output, r.output_tokens);
    add('llmux_tokens_total', series.tokens.cacheRead, r.cache_read_tokens);
    add('llmux_tokens_total', series.tokens.cacheWrite, r.cache_write_tokens);
    add('llmux_cost_usd_total', series.cost, r.cost_usd);
    // A counter never goes down: a request's net saving goes to one counter or the other.
    const promptSaved = r.prompt_cache_saved_usd;
    if (promptSaved > 0) add('llmux_prompt_cache_saved_usd_total', target, promptSaved);
    if (promptSaved < 0) add('llmux_prompt_cache_overspent_usd_total', target, -promptSaved);
    if (r.cache_hit) {
      add('llmux_cache_hits_total', target, 1);
      add('llmux_cache_saved_usd_total', target, r.saved_cost_usd);
    }
    if (r.failover_attempts > 0) add('llmux_failovers_total', target, r.failover_attempts);
    observe(
      'llmux_request_duration_seconds',
      r.streamed ? series.duration.streamed : series.duration.whole,
      r.latency_ms / 1000,
    );
    if (r.time_to_first_token_ms !== null) {
      observe('llmux_time_to_first_token_seconds', target, r.time_to_first_token_ms / 1000);
    }
  };

  return {
    observer: (event) => {
      if (event.type === 'request-end') record(event.record);
      else if (event.type === 'store' && event.state === 'down') {
        add('llmux_store_outages_total', labels({ store: event.store }), 1);
      }
    },
    httpResponse: (route, status) =>
      add('llmux_http_responses_total', `route="${route}",status="${status}"`, 1),
    snapshot: () => structuredClone(state),
  };
}

/** Adds up the snapshots of several processes. */
export function mergeSnapshots(snapshots: MetricsSnapshot[]): MetricsSnapshot {
  const total: MetricsSnapshot = { counters: {}, histograms: {} };
  for (const snapshot of snapshots) {
    for (const [name, series] of Object.entries(snapshot.counters)) {
      const metric = slot(total.counters, name, (): Record<string, number> => ({}));
      for (const [key, value] of Object.entries(series)) metric[key] = (metric[key] ?? 0) + value;
    }
    for (const [name, series] of Object.entries(snapshot.histograms)) {
      const metric = slot(total.histograms, name, () => ({}));
      for (const [key, value] of Object.entries(series)) {
        const into = slot(metric, key, emptyHistogram);
        value.buckets.forEach((count, i) => {
          into.buckets[i] = (into.buckets[i] ?? 0) + count;
        });
        into.sum += value.sum;
        into.count += value.count;
      }
    }
  }
  return total;
}

/** The Prometheus text exposition format (version 0.0.4). */
export function renderPrometheus(snapshot: MetricsSnapshot): string {
  const lines: string[] = [];
  for (const [name, { help, type }] of Object.entries(definitions)) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [series, value] of Object.entries(snapshot.counters[name] ?? {})) {
      lines.push(`${name}{${series}} ${value}`);
    }
    for (const [series, value] of Object.entries(snapshot.histograms[name] ?? {})) {
      DURATION_BUCKETS.forEach((le, i) => {
        lines.push(`${name}_bucket{${series},le="${le}"} ${value.buckets[i] ?? 0}`);
      });
      lines.push(`${name}_bucket{${series},le="+Inf"} ${value.count}`);
      lines.push(`${name}_sum{${series}} ${value.sum}`, `${name}_count{${series}} ${value.count}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
