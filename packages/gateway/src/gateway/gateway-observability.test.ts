import { buildRequestRecord } from '@llmux/core';
import { incidentPolicy } from '@llmux/router';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ACME_KEY, startTestGateway } from './gateway-test-setup.js';

/** The incident-response preset's second choice for small requests. */
const sonnet = incidentPolicy.candidates[1]!.split('/')[1];

const messages = [{ role: 'user' as const, content: 'Is the checkout service healthy?' }];

/** Every field of core's RequestRecord, read off a record core builds. */
const recordFields = Object.keys(
  buildRequestRecord({ requestId: 'r', startedAt: 0, latencyMs: 0, streamed: false }),
);

describe('gateway observability', () => {
  it('logs one JSON line per request with every RequestRecord field', async () => {
    const { client, logs } = await startTestGateway();
    await client.chat.completions.create({ model: 'auto', messages, user: 'oncall-7' });
    const stream = await client.chat.completions.create({ model: 'auto', messages, stream: true });
    for await (const _ of stream);
    const lines = logs().filter((line) => line.msg === 'request');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      for (const field of recordFields) expect(line).toHaveProperty(field);
    }
    expect(lines[0]).toMatchObject({
      request_id: 'req-1',
      selected_provider: 'anthropic',
      model: 'claude-haiku-4-5',
      tenant: 'acme',
      user: 'oncall-7',
      streamed: false,
      attempts: 1,
      error_kind: null,
      level: 30,
    });
    expect(lines[1]).toMatchObject({ request_id: 'req-2', streamed: true, user: null });
    expect(lines[1]!.time_to_first_token_ms).not.toBeNull();
  });

  it('keeps secrets out of error bodies and log lines, even when a provider echoes one', async () => {
    const { client, gateway, raw } = await startTestGateway();
    for (const simulator of Object.values(gateway.stack.simulators)) {
      simulator.fault({
        fault: { type: 'status', status: 500, message: `upstream saw key ${ACME_KEY}` },
        times: Number.POSITIVE_INFINITY,
      });
    }
    const error = await client.chat.completions.create({ model: 'auto', messages }).catch((e) => e);
    expect(error.status).toBe(502);
    expect(JSON.stringify(error.error)).not.toContain(ACME_KEY);
    const log = raw();
    expect(log).toContain('"error_kind":"all_attempts_failed"');
    expect(log).toContain('[redacted]');
    expect(log).not.toContain(ACME_KEY);
  });

  it('serves Prometheus metrics of the calls', async () => {
    const { client, gateway } = await startTestGateway();
    await client.chat.completions.create({ model: 'auto', messages, temperature: 0 });
    await client.chat.completions.create({ model: 'auto', messages, temperature: 0 });
    await client.chat.completions.create({ model: 'no-such-model', messages }).catch(() => {});
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await response.text();
    const target = 'provider="anthropic",model="claude-haiku-4-5"';
    expect(text).toContain(`llmux_requests_total{${target},tenant="acme",outcome="success"} 2`);
    expect(text).toContain(`llmux_cache_hits_total{${target}} 1`);
    expect(text).toMatch(new RegExp(`llmux_tokens_total\\{${target},type="input"\\} [1-9]`));
    expect(text).toMatch(/llmux_cost_usd_total\{.*tenant="acme"\} 0\.\d+/);
    expect(text).toContain(`llmux_request_duration_seconds_count{${target},streamed="false"} 2`);
    expect(text).toContain('llmux_http_responses_total{route="chat_completions",status="200"} 2');
    expect(text).toContain('llmux_http_responses_total{route="chat_completions",status="404"} 1');
    expect(text).toContain('# TYPE llmux_request_duration_seconds histogram');
  });

  it('counts errors by kind', async () => {
    const { client, gateway } = await startTestGateway();
    for (const simulator of Object.values(gateway.stack.simulators))
      simulator.configure({ outage: true });
    await client.chat.completions.create({ model: 'auto', messages }).catch(() => {});
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(text).toContain(
      'llmux_request_errors_total{kind="all_attempts_failed",tenant="acme"} 1',
    );
    expect(text).toContain(
      'llmux_requests_total{provider="none",model="none",tenant="acme",outcome="error"} 1',
    );
  });

  it('answers health always, and readiness by whether any candidate is usable', async () => {
    const { gateway } = await startTestGateway();
    expect(await (await fetch(`${gateway.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gateway.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: unknown[] }).checks).toHaveLength(4);
    await gateway.stack.simulators.openai!.close();
    const oneOut = await fetch(`${gateway.url}/readyz`);
    expect(oneOut.status).toBe(200);
    expect(await oneOut.json()).toMatchObject({
      ready: true,
      degraded: expect.arrayContaining(['openai (simulator)']),
    });
    await gateway.stack.simulators.anthropic!.close();
    await gateway.stack.simulators.gemini!.close();
    const noneLeft = await fetch(`${gateway.url}/readyz`);
    expect(noneLeft.status).toBe(503);
    expect(await noneLeft.json()).toMatchObject({
      ready: false,
      checks: expect.arrayContaining([expect.objectContaining({ name: 'candidates', ok: false })]),
    });
  });

  it('emits GenAI spans: one per request, one per provider call', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const { client, gateway } = await startTestGateway({ tracer: provider.getTracer('test') });
    gateway.stack.simulators.anthropic!.fault({ type: 'overloaded' });
    await client.chat.completions.create({ model: 'auto', messages, user: 'oncall-7' });
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.attributes['llmux.request_id'] === 'req-1')!;
    expect(root.name).toBe('chat claude-haiku-4-5');
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.system': 'anthropic',
      'gen_ai.request.model': 'claude-haiku-4-5',
      'gen_ai.response.model': sonnet,
      'gen_ai.response.finish_reasons': ['stop'],
      'llmux.tenant': 'acme',
      'user.id': 'oncall-7',
      'llmux.failover_attempts': 1,
    });
    expect(root.attributes['gen_ai.usage.input_tokens']).toBeGreaterThan(0);
    expect(root.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    const calls = spans.filter((s) => s.parentSpanContext?.spanId === root.spanContext().spanId);
    expect(calls.map((s) => [s.name, s.attributes['error.type']])).toEqual([
      ['chat claude-haiku-4-5', 'overloaded'],
      [`chat ${sonnet}`, undefined],
    ]);
    expect(calls[0]!.attributes['gen_ai.provider.name']).toBe('anthropic');
    await provider.shutdown();
  });

  it('drains a request in flight on shutdown before closing', async () => {
    const { client, gateway, clock } = await startTestGateway({
      config: { providers: { anthropic: { simulator: { latencyMs: 1000 } } } },
    });
    const answer = client.chat.completions.create({ model: 'auto', messages });
    const simulator = gateway.stack.simulators.anthropic!;
    while (simulator.counters.inFlight === 0) await new Promise((r) => setImmediate(r));
    let stopped = false;
    const stopping = gateway.gateway.shutdown(60_000).then(() => {
      stopped = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    await expect(fetch(`${gateway.url}/healthz`)).rejects.toThrow();
    await clock.advance(1000);
    expect((await answer).choices[0]?.message.content).toContain('checkout');
    await stopping;
    expect(stopped).toBe(true);
  });
});
