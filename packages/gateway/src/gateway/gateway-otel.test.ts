import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { incidentPolicy } from '@llmux/router';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_USAGE_BUCKETS } from '../observability/genai-metrics.js';
import { startMetricsExport } from '../observability/metrics-export.js';
import { startTraceExport } from '../observability/trace-export.js';
import { startTestGateway } from './gateway-test-setup.js';

const messages = [{ role: 'user' as const, content: 'The checkout service returns 502s.' }];
const sonnet = incidentPolicy.candidates[1]!.split('/')[1];

afterEach(() => {
  trace.disable();
  context.disable();
  metrics.disable();
});

/** Spans and metrics of a gateway whose provider SDKs' fetches are instrumented (undici). */
async function instrumentedGateway() {
  const spans = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spans)],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  const undici = new UndiciInstrumentation();
  undici.setTracerProvider(tracerProvider);
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const started = await startTestGateway({ meter: meterProvider.getMeter('test') });
  const collectMetrics = async () => {
    await reader.forceFlush();
    return metricExporter
      .getMetrics()
      .at(-1)!
      .scopeMetrics.flatMap((s) => s.metrics);
  };
  const stop = async () => {
    undici.disable();
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  };
  return { ...started, spans, collectMetrics, stop };
}

describe('gateway OpenTelemetry (GenAI conventions)', () => {
  it('puts settings, endpoint, usage and response id on the call spans, and the SDK HTTP spans under them', async () => {
    const { client, gateway, spans, collectMetrics, stop } = await instrumentedGateway();
    gateway.stack.simulators.anthropic!.fault({ type: 'overloaded' });
    const answer = await client.chat.completions.create({
      model: 'auto',
      messages,
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 200,
    });
    const finished = spans.getFinishedSpans();
    const root = finished.find((s) => s.attributes['llmux.request_id'] === 'req-1')!;
    const calls = finished.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);
    const [failed, answered] = calls;
    const simulator = new URL(gateway.stack.simulators.anthropic!.baseURL);
    const callAttributes = {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.top_p': 0.9,
      'gen_ai.request.max_tokens': 200,
      'server.address': simulator.hostname,
      'server.port': Number(simulator.port),
    };
    expect(failed!.attributes).toMatchObject({ ...callAttributes, 'error.type': 'overloaded' });
    expect(failed!.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(answered!.attributes).toMatchObject({
      ...callAttributes,
      'gen_ai.request.model': sonnet,
      'gen_ai.response.model': sonnet,
      // The provider's id of its answer (Anthropic's `msg_…`), not the gateway's own.
      'gen_ai.response.id': expect.stringMatching(/^msg_/),
      'gen_ai.usage.input_tokens': answer.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': answer.usage!.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': 0,
      'gen_ai.usage.cache_creation.input_tokens': 0,
      'gen_ai.usage.reasoning.output_tokens': 0,
    });
    expect(root.attributes['gen_ai.response.id']).toBe(answered!.attributes['gen_ai.response.id']);

    // Each provider SDK's HTTP request (undici's `POST` span, under the SDK's own span when it
    // makes one) descends from its call's span, in the request's trace.
    const callIds = calls.map((s) => s.spanContext().spanId);
    const byId = new Map(finished.map((s) => [s.spanContext().spanId, s]));
    const callOf = (span: (typeof finished)[number]) => {
      let parent = span.parentSpanContext?.spanId;
      while (parent !== undefined && !callIds.includes(parent)) {
        parent = byId.get(parent)?.parentSpanContext?.spanId;
      }
      return parent;
    };
    const posts = finished.filter(
      (s) => s.name === 'POST' && String(s.attributes['url.full']).startsWith(simulator.origin),
    );
    expect(posts.map(callOf)).toEqual(callIds);
    expect(posts.map((s) => s.spanContext().traceId)).toEqual(
      calls.map(() => root.spanContext().traceId),
    );

    const measured = await collectMetrics();
    const usage = measured.find((m) => m.descriptor.name === 'gen_ai.client.token.usage')!;
    expect(usage.descriptor.unit).toBe('{token}');
    const byType = Object.fromEntries(
      usage.dataPoints.map((p) => [p.attributes['gen_ai.token.type'], p]),
    );
    expect(byType.input!.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': sonnet,
      'gen_ai.response.model': sonnet,
      'server.address': simulator.hostname,
      'server.port': Number(simulator.port),
    });
    const inputPoint = byType.input!.value as { sum: number; buckets: { boundaries: number[] } };
    expect(inputPoint.sum).toBe(answer.usage!.prompt_tokens);
    expect(inputPoint.buckets.boundaries).toEqual(TOKEN_USAGE_BUCKETS);
    expect((byType.output!.value as { sum: number }).sum).toBe(answer.usage!.completion_tokens);
    const duration = measured.find(
      (m) => m.descriptor.name === 'gen_ai.client.operation.duration',
    )!;
    expect(duration.descriptor.unit).toBe('s');
    expect(
      duration.dataPoints.map((p) => [
        p.attributes['gen_ai.request.model'],
        p.attributes['error.type'],
      ]),
    ).toEqual([
      ['claude-haiku-4-5', 'overloaded'],
      [sonnet, undefined],
    ]);
    await stop();
  });

  it('exports spans and metrics to an OTLP/HTTP receiver', async () => {
    const received: Array<{ url: string; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ url: req.url ?? '', body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    try {
      const stopTraces = startTraceExport(`http://127.0.0.1:${port}/v1/traces`);
      const stopMetrics = startMetricsExport(`http://127.0.0.1:${port}/v1/metrics`);
      const { client } = await startTestGateway();
      await client.chat.completions.create({ model: 'auto', messages });
      await stopTraces();
      await stopMetrics();
      const traces = received.filter((r) => r.url === '/v1/traces').map((r) => r.body);
      expect(traces.join('')).toContain('"name":"chat claude-haiku-4-5"');
      expect(traces.join('')).toContain('"key":"gen_ai.usage.input_tokens"');
      const exported = received
        .filter((r) => r.url === '/v1/metrics')
        .flatMap((r) => JSON.parse(r.body).resourceMetrics)
        .flatMap((r: { scopeMetrics: Array<{ metrics: Array<{ name: string }> }> }) =>
          r.scopeMetrics.flatMap((s) => s.metrics.map((m) => m.name)),
        );
      expect(exported).toEqual(
        expect.arrayContaining([
          'gen_ai.client.token.usage',
          'gen_ai.client.operation.duration',
          'process.cpu.time',
          'process.memory.usage',
        ]),
      );
    } finally {
      receiver.close();
    }
  });
});
