import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTransport, type Transport } from './create-transport.js';
import { startTestServer, type TestServer } from './test-server.js';

let target: TestServer;
let proxy: TestServer;
/** What reached the proxy: `CONNECT host:port`, or `METHOD absolute-url`. */
let proxied: string[] = [];

beforeAll(async () => {
  target = await startTestServer((_req, res) => res.end('from the target'));
  // A forward proxy: tunnels CONNECT, and relays absolute-form requests.
  proxy = await startTestServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    const upstream = request(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode!, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  proxy.server.on('connect', (req, socket, head) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const tunnel = connect(Number(port), host!, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      tunnel.write(head);
      tunnel.pipe(socket).pipe(tunnel);
    });
    socket.on('error', () => tunnel.destroy());
    tunnel.on('error', () => socket.destroy());
  });
});
afterAll(async () => {
  await proxy.close();
  await target.close();
});

let transport: Transport | undefined;
afterEach(async () => {
  vi.unstubAllEnvs();
  proxied = [];
  await transport?.close();
  transport = undefined;
});

const targetHost = () => new URL(target.url).host;
const callTarget = async (options: Parameters<typeof createTransport>[0]) => {
  transport = createTransport(options);
  return (await transport.fetch(`${target.url}/path?q=1`)).text();
};

describe('proxies', () => {
  it('sends every request through the `proxy` option', async () => {
    expect(await callTarget({ proxy: proxy.url })).toBe('from the target');
    expect(proxied).toEqual([expect.stringContaining(targetHost())]);
  });

  it('honours HTTP_PROXY from the environment, and NO_PROXY', async () => {
    vi.stubEnv('HTTP_PROXY', proxy.url);
    vi.stubEnv('NO_PROXY', '');
    expect(await callTarget({})).toBe('from the target');
    expect(proxied).toHaveLength(1);
    await transport?.close();
    vi.stubEnv('NO_PROXY', targetHost());
    expect(await callTarget({})).toBe('from the target');
    expect(proxied).toHaveLength(1);
  });

  it('skips the hosts of `noProxy`, and every proxy with `proxy: false`', async () => {
    expect(await callTarget({ proxy: proxy.url, noProxy: targetHost() })).toBe('from the target');
    await transport?.close();
    vi.stubEnv('HTTP_PROXY', proxy.url);
    expect(await callTarget({ proxy: false })).toBe('from the target');
    expect(proxied).toEqual([]);
  });
});
