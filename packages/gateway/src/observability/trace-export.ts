import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Registers a global tracer provider that batches spans to an OTLP/HTTP endpoint (a collector,
 * Jaeger, Tempo...), and a context manager so that spans made during a provider call (an HTTP
 * instrumentation's) find the call's span as their parent. Returns the shutdown that flushes
 * what is still batched.
 */
export function startTraceExport(endpoint: string): () => Promise<void> {
  const provider = new BasicTracerProvider({
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoint }))],
  });
  // A context manager registered before (the app's own SDK) is kept: this one fails to register.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  return () => provider.shutdown();
}
