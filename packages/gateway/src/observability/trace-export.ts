import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Registers a global tracer provider that batches spans to an OTLP/HTTP endpoint (a collector,
 * Jaeger, Tempo...). Returns the shutdown that flushes what is still batched.
 */
export function startTraceExport(endpoint: string): () => Promise<void> {
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }))],
  });
  trace.setGlobalTracerProvider(provider);
  return () => provider.shutdown();
}
