import { request } from 'node:http';
import { connect } from 'node:net';
import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/parse-config.js';
import { ACME_KEY, env, startTestGateway, testConfig } from './gateway-test-setup.js';
import { startGateway } from './start-gateway.js';

const messages = [{ role: 'user' as const, content: 'Is the checkout service healthy?' }];

/** POSTs `bytes` of body (declared up front) on a fresh connection; the status the client read. */
const postRaw = (url: string, bytes: number) =>
  new Promise<{ status: number; connection?: string }>((resolve, reject) => {
    const req = request(
      `${url}/v1/chat/completions`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ACME_KEY}`,
          'content-type': 'application/json',
          'content-length': String(bytes),
        },
      },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      },
    );
    // Writing the rest may fail once the server has answered and closed: the answer is what counts.
    req.on('error', () => {});
    req.on('close', () => reject(new Error('closed without an answer')));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const write = () => {
      while (sent < bytes) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });

describe('gateway operations', () => {
  it('answers a body far over the limit with 413 and closes the connection, not a reset', async () => {
    const { gateway } = await startTestGateway();
    const answer = await postRaw(gateway.url, 16 * 1024 * 40);
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });

  it('refuses deeply nested tool schemas and arguments with 400, never 502', async () => {
    const { gateway } = await startTestGateway({
      config: { gateway: { maxBodyBytes: 4 * 1024 * 1024 } },
    });
    // Past each field's limit of 64 levels, within the body's limit.
    const depth = 100;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    // Two levels a property: 80 in all.
    const schema = `${'{"type":"object","properties":{"a":'.repeat(40)}{"type":"string"}${'}}'.repeat(40)}`;
    const bodies = {
      'tools[0].function.parameters': `{"model":"auto","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"deep","parameters":${schema}}}]}`,
      'messages[1].tool_calls[0].function.arguments': `{"model":"auto","messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":${JSON.stringify(deep)}}}]},{"role":"tool","tool_call_id":"c1","content":"ok"}]}`,
      'response_format.json_schema.schema': `{"model":"auto","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":${schema}}}}`,
    };
    for (const [field, body] of Object.entries(bodies)) {
      const res = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ACME_KEY}`, 'content-type': 'application/json' },
        body,
      });
      expect(res.status, field).toBe(400);
      const { error } = (await res.json()) as { error: { message: string; param: string } };
      expect(error.param).toBe(field);
      expect(error.message).toContain('nested');
    }
    // Far deeper, written by hand (JSON.stringify itself overflows the stack here): the body's limit.
    const far = 20_000;
    const res = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACME_KEY}`, 'content-type': 'application/json' },
      body: `{"model":"auto","messages":[{"role":"user","content":"hi"}],"metadata":${'['.repeat(far)}${']'.repeat(far)}}`,
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('nested deeper than 128 levels');
    const calls = Object.values(gateway.stack.simulators).map((s) => s!.counters.requests);
    expect(calls).toEqual([0, 0, 0]);
  });

  it('answers a malformed model id in the path with 400', async () => {
    const { gateway } = await startTestGateway();
    const res = await fetch(`${gateway.url}/v1/models/%E0%A4%A`, {
      headers: { authorization: `Bearer ${ACME_KEY}` },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
      'percent-encoding',
    );
  });

  it("keeps the client's x-request-id, and replaces one that cannot be echoed", async () => {
    const { gateway, logs } = await startTestGateway();
    const ask = (id: string) =>
      fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ACME_KEY}`,
          'content-type': 'application/json',
          'x-request-id': id,
        },
        body: JSON.stringify({ model: 'auto', messages }),
      });
    const kept = await ask('client-trace-42');
    expect(kept.headers.get('x-request-id')).toBe('client-trace-42');
    expect(((await kept.json()) as { llmux: { request_id: string } }).llmux.request_id).toBe(
      'client-trace-42',
    );
    const replaced = await ask('x'.repeat(200));
    expect(replaced.headers.get('x-request-id')).toMatch(/^req/);
    expect(logs().map((line) => line.request_id)).toContain('client-trace-42');
  });

  it('answers a client that sends its headers too slowly with 408 and closes it', async () => {
    const { gateway } = await startTestGateway({
      config: { gateway: { headersTimeoutMs: 200, bodyTimeoutMs: 400 } },
    });
    const socket = connect(gateway.address.port, '127.0.0.1');
    socket.write('POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\n');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
    });
    await new Promise((resolve) => socket.on('close', resolve));
    expect(received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes connections beyond maxConnections at once', async () => {
    const { gateway } = await startTestGateway({ config: { gateway: { maxConnections: 2 } } });
    const open = [0, 1].map(() => connect(gateway.address.port, '127.0.0.1'));
    await Promise.all(open.map((s) => new Promise((resolve) => s.on('connect', resolve))));
    const third = connect(gateway.address.port, '127.0.0.1');
    await new Promise((resolve) => third.on('close', resolve));
    for (const socket of open) socket.destroy();
  });

  it('says a busy port is busy, as a typed error naming it, not a stack trace', async () => {
    const { gateway } = await startTestGateway();
    const error = await startGateway(parseConfig(testConfig, env), {
      env,
      port: gateway.address.port,
      logDestination: { write: () => {} },
    }).catch((e: unknown) => e);
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    expect((error as Error).message).toBe(
      `Cannot listen on 127.0.0.1:${gateway.address.port}: the port is already in use: stop what listens there, or set gateway.port or --port`,
    );
  });

  it("counts a tenant's own 429s as rate_limited, not as every provider failing", async () => {
    const { client, gateway } = await startTestGateway({
      config: {
        rateLimits: { mode: 'fail-fast', limits: { tenant: { requestsPerMinute: 1 } } },
        cache: { enabled: false },
      },
    });
    await client.chat.completions.create({ model: 'auto', messages });
    const error = await client.chat.completions
      .create({ model: 'auto', messages })
      .catch((e: unknown) => e as { status: number; code: string });
    expect(error).toMatchObject({ status: 429, code: 'rate_limited' });
    const metrics = await (await fetch(`${gateway.url}/metrics`)).text();
    expect(metrics).toContain('llmux_request_errors_total{kind="rate_limited",tenant="acme"} 1');
    expect(metrics).not.toContain('kind="all_attempts_failed"');
  });
});
