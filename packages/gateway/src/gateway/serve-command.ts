import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { LlmuxConfig } from '../config/config-schema.js';
import { loadConfig } from '../config/load-config.js';
import { resolveGatewayKeys } from '../keys/gateway-keys.js';
import { metricsEndpointBeside, startMetricsExport } from '../observability/metrics-export.js';
import { startTraceExport } from '../observability/trace-export.js';
import { clusterMetrics, joinCluster, runPrimary } from './cluster.js';
import { parseServeArgs } from './serve-options.js';
import { type RunningGateway, startGateway } from './start-gateway.js';

const report = (line: string) => process.stderr.write(`llmux gateway: ${line}\n`);

/**
 * `--config`, else `llmux.config.json` here, else the package's example (whose API keys file, if
 * the admin API makes one, goes here too, not into the installed package).
 */
function configOf(given: string | undefined): { path: string; keysFolder?: string } {
  if (given) return { path: given };
  if (existsSync('llmux.config.json')) return { path: 'llmux.config.json' };
  // The example ships beside dist/ (dist/*.js), or two folders above src/gateway/*.ts.
  const bundled = fileURLToPath(new URL('../llmux.config.json', import.meta.url));
  const path = existsSync(bundled)
    ? bundled
    : fileURLToPath(new URL('../../llmux.config.json', import.meta.url));
  return { path, keysFolder: process.cwd() };
}

const workerCount = (workers: LlmuxConfig['gateway']['workers']) =>
  workers === 'auto' ? availableParallelism() : workers;

/** Runs one gateway in this process until SIGTERM or SIGINT, then drains it. */
async function serveHere(
  config: LlmuxConfig,
  options: { live: boolean; port?: number; inCluster: boolean },
): Promise<void> {
  const { otlpEndpoint } = config.tracing;
  const stopExport = otlpEndpoint ? startTraceExport(otlpEndpoint) : undefined;
  const metricsEndpoint =
    config.tracing.otlpMetricsEndpoint ?? (otlpEndpoint && metricsEndpointBeside(otlpEndpoint));
  const stopMetrics = metricsEndpoint ? startMetricsExport(metricsEndpoint) : undefined;
  const running: RunningGateway = await startGateway(config, {
    live: options.live,
    port: options.port,
    renderMetrics: options.inCluster ? clusterMetrics() : undefined,
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await running.stop();
      await stopExport?.();
      await stopMetrics?.();
      process.exit(0);
    })();
    return stopping;
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (options.inCluster) {
    joinCluster({ snapshot: () => running.metrics.snapshot(), stop });
    return;
  }
  const modes = [
    ...running.stack.endpoints.map((e) => `${e.provider}: ${e.mode}`),
    ...running.stack.deployments.map((d) => `${d.config.id}: ${d.mode}`),
  ].join(', ');
  report(`listening on ${running.url} (${modes})`);
}

/**
 * `llmux-gateway [--config PATH] [--live] [--port N] [--workers N|auto]`: the OpenAI-compatible
 * gateway, as the package's bin runs it (and any CLI that embeds it).
 * With more than one worker the primary forks them (node:cluster) and each serves the same port.
 */
export async function runServeCommand(args: string[]): Promise<void> {
  const options = parseServeArgs(args);
  const { path, keysFolder } = configOf(options.configPath);
  const config = await loadConfig(path, { keysFolder });
  if (cluster.isWorker) {
    try {
      return await serveHere(config, { ...options, inCluster: true });
    } catch (error) {
      // The IPC channel would keep a worker that failed to start alive: let it go.
      cluster.worker?.disconnect();
      throw error;
    }
  }
  // Checked once here, rather than failing in every worker.
  resolveGatewayKeys(config, process.env, () => undefined);
  const workers = workerCount(options.workers ?? config.gateway.workers);
  if (workers === 1) return serveHere(config, { ...options, inCluster: false });
  const port = options.port ?? config.gateway.port;
  report(`starting ${workers} workers on http://${config.gateway.host}:${port}`);
  process.exitCode = await runPrimary({
    workers,
    shutdownTimeoutMs: config.gateway.shutdownTimeoutMs,
    report,
  });
}
