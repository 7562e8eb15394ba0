import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from './bench-targets.js';
import { loadCount } from './wrk-load.js';

let server: Server | undefined;
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
);

/** A server that keeps what it was sent and answers with `status`. */
async function recorder(status: number) {
  const seen: { headers: Record<string, unknown>; body: string }[] = [];
  server = createServer((req, res) => {
    let body = '';
    req
      .on('data', (chunk) => (body += chunk))
      .on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(status).end('{}');
      });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const target: Target = {
    url: `http://127.0.0.1:${port}/v1/chat`,
    headers: { authorization: 'Bearer k' },
    body: (question) => JSON.stringify({ messages: [{ content: question }] }),
  };
  return { seen, target };
}

// wrk runs in its own process: on a loaded machine it takes a while to start and stop.
describe('wrk load', { timeout: 30_000 }, () => {
  it('sends the target its headers and a new question in every request, in every run', async () => {
    const { seen, target } = await recorder(200);
    const first = await loadCount(target, 2, 40);
    const second = await loadCount(target, 2, 40);
    expect(first.requests).toBeGreaterThanOrEqual(40);
    expect(first.failures + second.failures).toBe(0);
    // A request still in flight when wrk stops reaches the server but is not counted.
    expect(seen.length).toBeGreaterThanOrEqual(first.requests + second.requests);
    expect(seen[0]!.headers).toMatchObject({
      authorization: 'Bearer k',
      'content-type': 'application/json',
    });
    const questions = seen.map((s) => JSON.parse(s.body).messages[0].content as string);
    expect(new Set(questions).size).toBe(questions.length);
    expect(questions[0]).toMatch(/^Is the checkout service healthy\? \(\S+ #\d+\)$/);
  });

  it('counts answers that are not 2xx as failures', async () => {
    const { target } = await recorder(500);
    const result = await loadCount(target, 1, 10);
    expect(result.failures).toBe(result.requests);
  });
});
