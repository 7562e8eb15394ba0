// The llmux dashboard: polls /dashboard/data every second and draws it. Data is written with
// textContent only, never as HTML.
(() => {
  const COLORS = [
    '#1e88e5',
    '#e53935',
    '#43a047',
    '#fb8c00',
    '#8e24aa',
    '#00897b',
    '#6d4c41',
    '#3949ab',
  ];
  const charts = {};

  const cell = (text, className) => {
    const td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '–' : String(text);
    if (className) td.className = className;
    return td;
  };
  const fill = (id, rows) => {
    const body = document.querySelector(`#${id} tbody`);
    body.replaceChildren(
      ...rows.map((cells) => {
        const tr = document.createElement('tr');
        tr.append(...cells);
        return tr;
      }),
    );
  };
  const usd = (n) =>
    n === null || n === undefined ? null : n.toFixed(n !== 0 && Math.abs(n) < 0.01 ? 6 : 4);
  const pct = (n) => (n === null || n === undefined ? null : `${(n * 100).toFixed(1)}%`);
  const time = (ms) => new Date(ms).toLocaleTimeString();

  /** One uPlot chart per metric, a series per provider/model; rebuilt when the targets change. */
  const draw = (id, times, targets, values) => {
    const el = document.getElementById(id);
    const names = targets.map((t) => t.target).join('\n');
    const data = [times, ...targets.map(values)];
    const existing = charts[id];
    if (existing && existing.names === names) return existing.plot.setData(data);
    existing?.plot.destroy();
    const plot = new uPlot(
      {
        width: Math.max(260, Math.min(420, el.parentElement.clientWidth || 360)),
        height: 180,
        series: [
          {},
          ...targets.map((t, i) => ({
            label: t.target,
            stroke: COLORS[i % COLORS.length],
            width: 1.5,
            spanGaps: false,
          })),
        ],
        axes: [{}, { size: 50 }],
        legend: { show: true },
      },
      data,
      el,
    );
    charts[id] = { plot, names };
  };

  const render = (d) => {
    const { scope, series } = d;
    document.getElementById('scope').textContent =
      scope.scope === 'fleet'
        ? `Fleet: ${scope.instances.length} instance${scope.instances.length === 1 ? '' : 's'} sharing Redis`
        : `This process only${scope.note ? ` (${scope.note})` : ''}`;
    draw('chart-rps', series.times, series.targets, (t) => t.requestsPerSecond);
    draw('chart-errors', series.times, series.targets, (t) => t.errorRate);
    draw('chart-latency', series.times, series.targets, (t) => t.p95Ms);
    const span = series.times.length;
    fill(
      'targets',
      series.targets.map((t) => [
        cell(t.target),
        cell(t.total.requests, 'num'),
        cell((t.total.requests / span).toFixed(2), 'num'),
        cell(pct(t.total.errorRate), 'num'),
        cell(t.total.p50Ms, 'num'),
        cell(t.total.p95Ms, 'num'),
      ]),
    );
    fill(
      'health',
      d.health.map((h) => [
        cell(h.name),
        cell(h.circuit ?? 'unknown', `circuit circuit-${h.circuit ?? 'unknown'}`),
        cell(h.since ? time(h.since) : null),
        cell(h.samples, 'num'),
        cell(h.failures, 'num'),
        cell(h.latencyMs === null ? null : Math.round(h.latencyMs), 'num'),
        cell(pct(h.headroom?.requests), 'num'),
        cell(pct(h.headroom?.tokens), 'num'),
        cell(h.headroom?.inFlight, 'num'),
        cell(
          h.headroom?.pausedUntil && h.headroom.pausedUntil > d.at
            ? `until ${time(h.headroom.pausedUntil)}`
            : null,
        ),
      ]),
    );
    fill(
      'failovers',
      d.failovers.map((f) => [
        cell(time(f.at)),
        cell(f.requestId),
        cell(f.from),
        cell(f.to),
        cell(f.errorKind, 'error'),
      ]),
    );
    fill(
      'spend',
      d.spend.map((s) => {
        const over = (spent, budget) =>
          budget !== undefined && spent >= budget ? 'num over-budget' : 'num';
        return [
          cell(s.tenant),
          cell(usd(s.budget?.dayUsd), over(s.budget?.dayUsd, s.budget?.dailyBudgetUsd)),
          cell(usd(s.budget?.dailyBudgetUsd), 'num'),
          cell(usd(s.budget?.monthUsd), over(s.budget?.monthUsd, s.budget?.monthlyBudgetUsd)),
          cell(usd(s.budget?.monthlyBudgetUsd), 'num'),
          cell(
            s.byModel.map((m) => `${m.model}: $${usd(m.costUsd)} (${m.requests})`).join(', ') ||
              null,
            'reason',
          ),
        ];
      }),
    );
    fill(
      'savings',
      d.savings.map((s) => [cell(s.lever), cell(usd(s.savedUsd), 'num')]),
    );
    fill(
      'recent',
      d.recent.map((r) => [
        cell(new Date(r.timestamp).toLocaleTimeString()),
        cell(r.request_id),
        cell(r.tenant),
        cell(r.provider ? `${r.provider}/${r.model}` : null),
        cell(r.route_reason, 'reason'),
        cell(
          r.attempts
            .map(
              (a) =>
                `${a.provider}/${a.model} ${a.outcome === 'success' ? 'ok' : `${a.errorKind ?? 'error'}${a.status ? ` ${a.status}` : ''}`}`,
            )
            .join(' → ') || (r.cache_hit ? 'cache hit' : null),
          'reason',
        ),
        cell(r.latency_ms, 'num'),
        cell(usd(r.cost_usd), 'num'),
        cell(r.error_kind ?? 'ok', r.error_kind ? 'error' : ''),
      ]),
    );
  };

  const status = document.getElementById('status');
  const poll = async () => {
    try {
      const response = await fetch('/dashboard/data', {
        credentials: 'same-origin',
        cache: 'no-store',
      });
      if (response.status === 401) return void location.reload();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      render(await response.json());
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
    } catch (error) {
      status.textContent = `Cannot update: ${error.message}`;
    } finally {
      setTimeout(poll, 1000);
    }
  };
  poll();
})();
