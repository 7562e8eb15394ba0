import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport } from './create-transport.js';
import { startTestServer, type TestServer } from './test-server.js';

let server: TestServer;
let cert: string;
beforeAll(async () => {
  // A self-signed certificate for 127.0.0.1, made for this run by the machine's openssl.
  const dir = mkdtempSync(join(tmpdir(), 'transport-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
  const key = readFileSync(join(dir, 'key.pem'), 'utf8');
  rmSync(dir, { recursive: true });
  server = await startTestServer((_req, res) => res.end('secure'), { cert, key });
});
afterAll(() => server.close());

describe('TLS', () => {
  it('rejects a server whose certificate no trusted authority signed, as fetch does', async () => {
    const transport = createTransport();
    const call = transport.fetch(server.url);
    await expect(call).rejects.toThrow(new TypeError('fetch failed'));
    await expect(call).rejects.toMatchObject({
      cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' },
    });
    await transport.close();
  });

  it('accepts it with its certificate as `ca`, or with `rejectUnauthorized: false`', async () => {
    for (const options of [{ ca: cert }, { rejectUnauthorized: false }]) {
      const transport = createTransport(options);
      expect(await (await transport.fetch(server.url)).text()).toBe('secure');
      await transport.close();
    }
  });
});
