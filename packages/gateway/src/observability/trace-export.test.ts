import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRequestRecord } from '@llmux/core';
import { trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { startTraceExport } from './trace-export.js';
import { createTracingObserver } from './tracing.js';

afterEach(() => {
  trace.disable();
});

describe('startTraceExport', () => {
  it('sends the spans of a request to the OTLP/HTTP endpoint', async () => {
    const bodies: string[] = [];
    const collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        bodies.push(`${req.method} ${req.url} ${req.headers['content-type']} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      const stop = startTraceExport(`http://127.0.0.1:${port}/v1/traces`);
      const observer = createTracingObserver();
      const at = Date.now();
      observer({ type: 'request-start', requestId: 'r1', at, streamed: false, metadata: {} });
      observer({
        type: 'request-end',
        record: buildRequestRecord({
          requestId: 'r1',
          startedAt: at,
          latencyMs: 5,
          streamed: false,
        }),
      });
      await stop();
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatch(/^POST \/v1\/traces application\/json /);
      expect(bodies[0]).toContain('"name":"chat"');
      expect(bodies[0]).toContain('gen_ai.operation.name');
    } finally {
      collector.close();
    }
  });
});
