import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestProbe, statusUrlProbe } from './health-checker.js';
import { setup } from './test-support.js';

describe('createFailover: active health checks', () => {
  it('checks every model at once and then every interval, until stopped', async () => {
    const { failover, clock, a, b, c, events } = setup({ health: { intervalMs: 10_000 } });
    const checker = failover.healthChecker!;
    checker.start();
    checker.start();
    await clock.advance(0);
    expect([a, b, c].map((m) => m.calls.length)).toEqual([1, 1, 1]);
    expect(a.calls[0]).toMatchObject({
      messages: [{ role: 'user', content: 'ping' }],
      maxOutputTokens: 1,
      metadata: { tags: ['health-check'] },
    });
    await clock.advance(10_000);
    expect([a, b, c].map((m) => m.calls.length)).toEqual([2, 2, 2]);
    await checker.stop();
    expect(clock.pending()).toBe(0);
    await clock.advance(30_000);
    expect(a.calls).toHaveLength(2);
    expect(events.of('health-check').map((e) => [e.provider, e.ok])).toEqual([
      ['alpha', true],
      ['beta', true],
      ['gamma', true],
      ['alpha', true],
      ['beta', true],
      ['gamma', true],
    ]);
  });

  it('opens the circuit of a model that is down before any request finds out, and closes it once back', async () => {
    const { failover, clock, a, generate, events } = setup({
      health: { intervalMs: 10_000 },
      breaker: { consecutiveFailures: 2, openMs: 15_000 },
    });
    const checker = failover.healthChecker!;
    a.setScript({ error: 'server_error' });
    checker.start();
    await clock.advance(10_000);
    const transitions = () => events.of('circuit').map((e) => `${e.key} ${e.from}>${e.to}`);
    expect(transitions()).toEqual(['alpha:a-small closed>open']);
    expect((await generate()).provider).toBe('beta');
    expect(a.calls).toHaveLength(2);
    // Back up: the first check after openMs is the half-open probe, and closes the circuit.
    a.setScript({});
    await clock.advance(10_000);
    expect(transitions()).toHaveLength(1);
    await clock.advance(10_000);
    expect(transitions()).toEqual([
      'alpha:a-small closed>open',
      'alpha:a-small open>half-open',
      'alpha:a-small half-open>closed',
    ]);
    expect((await generate()).provider).toBe('alpha');
    await checker.stop();
  });

  it('fails a check that does not answer in time, and cancels it', async () => {
    const { failover, clock, a, events } = setup({ health: { timeoutMs: 1000 } });
    a.enqueue({ hang: true });
    const round = failover.healthChecker!.check();
    await clock.advance(1000);
    await round;
    expect(events.of('health-check').find((e) => e.provider === 'alpha')).toMatchObject({
      provider: 'alpha',
      ok: false,
      latencyMs: 1000,
    });
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(clock.pending()).toBe(0);
  });

  it('cancels checks in flight on stop, without counting them', async () => {
    const { failover, clock, a, events } = setup({ health: {} });
    a.enqueue({ hang: true });
    failover.healthChecker!.start();
    await clock.advance(0);
    await failover.healthChecker!.stop();
    expect(a.calls[0]?.signal?.aborted).toBe(true);
    expect(events.of('health-check').map((e) => e.provider)).toEqual(['beta', 'gamma']);
    expect(clock.pending()).toBe(0);
  });

  it('rejects bad options, naming the field', () => {
    expect(() => setup({ health: { timeoutMs: -1 } })).toThrow(/"health\.timeoutMs"/);
    expect(() => setup({ health: { probe: 'GET /' as never } })).toThrow(/"health\.probe"/);
  });
});

describe('statusUrlProbe', () => {
  let server: Server;
  let base = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      response.statusCode = request.url === '/up' ? 200 : 503;
      response.end(JSON.stringify({ status: response.statusCode === 200 ? 'ok' : 'down' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('reports up on a 2xx and down on an error status, and falls back to a request elsewhere', async () => {
    const { failover, a, b, c, events } = setup({
      health: { probe: statusUrlProbe({ urls: { alpha: `${base}/up`, beta: `${base}/down` } }) },
    });
    await failover.healthChecker!.check();
    const results = events.of('health-check').map((e) => [e.provider, e.ok]);
    expect(results.sort()).toEqual([
      ['alpha', true],
      ['beta', false],
      ['gamma', true],
    ]);
    expect([a.calls.length, b.calls.length, c.calls.length]).toEqual([0, 0, 1]);
  });

  it('turns an error status into its error kind, and an unreachable URL into a network error', async () => {
    const { a } = setup();
    const signal = new AbortController().signal;
    const probe = statusUrlProbe({ urls: { alpha: `${base}/down?token=secret` } });
    const down = await probe(a, signal).catch((error: unknown) => error);
    expect(down).toMatchObject({ kind: 'overloaded', status: 503 });
    expect((down as Error).message).toBe(`Status URL ${base}/down answered 503`);
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = statusUrlProbe({ urls: { alpha: `http://127.0.0.1:${port}/` } });
    await expect(unreachable(a, signal)).rejects.toMatchObject({ kind: 'network' });
  });

  it('rejects bad options, naming the field', () => {
    expect(() => statusUrlProbe({ urls: { alpha: 'not a url' } })).toThrow(
      /"statusUrlProbe\.urls\.alpha": expected a URL/,
    );
    expect(() => statusUrlProbe({ urls: null as never })).toThrow(/"statusUrlProbe\.urls"/);
    expect(() => statusUrlProbe({ urls: {}, fetch: 1 as never })).toThrow(
      /"statusUrlProbe\.fetch"/,
    );
  });

  it('requestProbe asks for one token', async () => {
    const { a } = setup();
    await requestProbe(a, new AbortController().signal);
    expect(a.calls[0]?.maxOutputTokens).toBe(1);
  });
});
