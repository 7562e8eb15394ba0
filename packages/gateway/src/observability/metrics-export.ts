import { metrics } from '@opentelemetry/api';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { observeProcess } from './process-metrics.js';

/**
 * Registers a global meter provider that exports to an OTLP/HTTP endpoint every `intervalMs`
 * (default 60 s): the GenAI client metrics (`createGenAiMetrics`) and the process's CPU, memory
 * and event-loop delay. Returns the shutdown that exports what is still collected.
 */
export function startMetricsExport(
  endpoint: string,
  options: { intervalMs?: number } = {},
): () => Promise<void> {
  const provider = new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: endpoint }),
        exportIntervalMillis: options.intervalMs ?? 60_000,
      }),
    ],
  });
  metrics.setGlobalMeterProvider(provider);
  const stopProcess = observeProcess(provider.getMeter('@llmux/gateway'));
  return async () => {
    await provider.shutdown();
    stopProcess();
  };
}

/** The metrics endpoint beside an OTLP traces endpoint (`…/v1/traces`: `…/v1/metrics`). */
export const metricsEndpointBeside = (tracesEndpoint: string): string | undefined =>
  /\/v1\/traces\/?$/.test(tracesEndpoint)
    ? tracesEndpoint.replace(/\/v1\/traces\/?$/, '/v1/metrics')
    : undefined;
