import cluster, { type Worker } from 'node:cluster';
import {
  type MetricsSnapshot,
  mergeSnapshots,
  renderPrometheus,
} from '../observability/metrics.js';

/** What the primary and its workers say to each other over IPC. */
type ClusterMessage =
  | { type: 'llmux:ready' }
  | { type: 'llmux:shutdown' }
  /** A worker asks for every worker's metrics (a scrape of `/metrics` landed on it). */
  | { type: 'llmux:metrics-request'; id: number }
  | { type: 'llmux:metrics-collect'; id: number }
  | { type: 'llmux:metrics-snapshot'; id: number; snapshot: MetricsSnapshot }
  | { type: 'llmux:metrics'; id: number; snapshot: MetricsSnapshot };

const isMessage = (value: unknown): value is ClusterMessage =>
  typeof value === 'object' &&
  value !== null &&
  String((value as { type?: unknown }).type).startsWith('llmux:');

export interface PrimaryOptions {
  workers: number;
  /** How long workers get to drain before they are killed. */
  shutdownTimeoutMs: number;
  /** Lines for the operator (stderr). */
  report(line: string): void;
  /** How long a metrics scrape waits for the workers. Default 1000 ms. */
  collectTimeoutMs?: number;
}

/**
 * The primary of a gateway cluster: forks the workers (which share the listening port), replaces
 * a worker that dies, adds up the workers' metrics for whichever one is scraped, and on SIGTERM
 * or SIGINT has every worker drain before it exits. Resolves with the exit code: 0 after a
 * shutdown, else the code of the worker that failed to start (its error is on stderr).
 */
export function runPrimary(options: PrimaryOptions): Promise<number> {
  const { collectTimeoutMs = 1000 } = options;
  const ready = new WeakSet<Worker>();
  let stopping = false;
  let exitCode = 0;
  /** Scrapes being collected, by the primary's own id. */
  const scrapes = new Map<
    number,
    { requester: Worker; requestId: number; snapshots: MetricsSnapshot[]; timer: NodeJS.Timeout }
  >();
  let nextScrape = 0;
  /**
   * Each live worker's metrics as last collected, and the sum of those of workers gone: a dead
   * worker's counts stay in every later scrape, so no counter the fleet reports goes down (a
   * drop reads to Prometheus as a reset). Counts a worker made after the last scrape are lost
   * with it, but no scrape saw them.
   */
  const lastSeen = new Map<Worker, MetricsSnapshot>();
  let retired: MetricsSnapshot = { counters: {}, histograms: {} };

  const workers = () =>
    Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const send = (worker: Worker, message: ClusterMessage) => {
    if (worker.isConnected()) worker.send(message);
  };
  const answer = (id: number) => {
    const scrape = scrapes.get(id);
    if (!scrape) return;
    scrapes.delete(id);
    clearTimeout(scrape.timer);
    const snapshot = mergeSnapshots([retired, ...scrape.snapshots]);
    send(scrape.requester, { type: 'llmux:metrics', id: scrape.requestId, snapshot });
  };

  const onMessage = (worker: Worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'llmux:ready') ready.add(worker);
    if (message.type === 'llmux:metrics-request') {
      const id = ++nextScrape;
      const timer = setTimeout(() => answer(id), collectTimeoutMs);
      scrapes.set(id, { requester: worker, requestId: message.id, snapshots: [], timer });
      for (const w of workers()) send(w, { type: 'llmux:metrics-collect', id });
    }
    if (message.type === 'llmux:metrics-snapshot') {
      lastSeen.set(worker, message.snapshot);
      const scrape = scrapes.get(message.id);
      if (!scrape) return;
      scrape.snapshots.push(message.snapshot);
      if (scrape.snapshots.length >= workers().length) answer(message.id);
    }
  };

  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    options.report(`shutting down: draining ${workers().length} workers`);
    for (const worker of workers()) send(worker, { type: 'llmux:shutdown' });
    setTimeout(() => {
      for (const worker of workers()) worker.process.kill('SIGKILL');
    }, options.shutdownTimeoutMs + 5000).unref();
  };

  return new Promise((resolve) => {
    cluster.on('message', onMessage);
    cluster.on('exit', (worker, code, signal) => {
      const last = lastSeen.get(worker);
      if (last) retired = mergeSnapshots([retired, last]);
      lastSeen.delete(worker);
      if (!stopping && !ready.has(worker)) {
        // A worker that cannot start (a bad config, a busy port) would fail again: stop.
        options.report(`worker ${worker.process.pid} failed to start; stopping`);
        exitCode = code || 1;
        shutdown();
      } else if (!stopping) {
        options.report(`worker ${worker.process.pid} died (${signal ?? code}); starting another`);
        cluster.fork();
      }
      if (workers().length === 0) resolve(exitCode);
    });
    process.on('SIGTERM', shutdown);
    process.on('SIGINT', shutdown);
    for (let i = 0; i < options.workers; i++) cluster.fork();
  });
}

/** A worker's `/metrics`: asks the primary, which adds up every worker's metrics. */
export function clusterMetrics(): () => Promise<string> {
  const waiting = new Map<number, (snapshot: MetricsSnapshot) => void>();
  let nextId = 0;
  process.on('message', (message: unknown) => {
    if (!isMessage(message) || message.type !== 'llmux:metrics') return;
    waiting.get(message.id)?.(message.snapshot);
    waiting.delete(message.id);
  });
  return () =>
    new Promise<string>((resolve) => {
      const id = ++nextId;
      waiting.set(id, (snapshot) => resolve(renderPrometheus(snapshot)));
      process.send?.({ type: 'llmux:metrics-request', id } satisfies ClusterMessage);
    });
}

/** A worker's side once it listens: tells the primary, answers scrapes, drains when told. */
export function joinCluster(worker: { snapshot(): MetricsSnapshot; stop(): Promise<void> }): void {
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'llmux:shutdown') void worker.stop();
    if (message.type === 'llmux:metrics-collect') {
      const reply: ClusterMessage = {
        type: 'llmux:metrics-snapshot',
        id: message.id,
        snapshot: worker.snapshot(),
      };
      process.send?.(reply);
    }
  });
  process.send?.({ type: 'llmux:ready' } satisfies ClusterMessage);
}
