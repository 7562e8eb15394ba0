import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, testConfig } from '../gateway/gateway-test-setup.js';
import {
  adminClient,
  adminEnv,
  ask,
  failure,
  nextChange,
  tenantClient,
} from './admin-test-setup.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const failFast = { ...testConfig.rateLimits, mode: 'fail-fast' };

describe('instances sharing one Redis', () => {
  const prefix = `llmux-keys-test-${randomUUID()}:`;
  const redis = createClient({ url: REDIS_URL });

  beforeAll(async () => {
    await redis.connect();
  });
  afterAll(async () => {
    for await (const keys of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
      if (keys.length > 0) await redis.del(keys);
    }
    await redis.quit();
  });

  it('see a key made on one usable on the other, and a revocation on one refused on the other, as soon as Redis tells them', async () => {
    const config = { redis: { url: REDIS_URL, prefix }, rateLimits: failFast };
    const one = await startTestGateway({ env: adminEnv, config });
    const other = await startTestGateway({ env: adminEnv, config });

    // No clock moves: the other instance learns of the key from Redis' notice.
    const known = nextChange(other.gateway);
    const made = await adminClient(one.gateway.url).create({ tenant: 'initech', budgetUsd: 5 });
    await known;
    const onOther = tenantClient(other.gateway.url, made.secret!);
    await ask(onOther);
    expect((await adminClient(other.gateway.url).get(made.id)).tenant).toBe('initech');

    const revoked = nextChange(other.gateway);
    await adminClient(one.gateway.url).revoke(made.id);
    await revoked;
    expect(await failure(ask(onOther))).toMatchObject({ status: 401 });

    // Redis holds the digest only, never the secret.
    const stored = JSON.stringify(await redis.hGetAll(`${prefix}{apikeys}`));
    expect(stored).toContain(made.id);
    expect(stored).not.toContain(made.secret!.slice(13));
  });
});

describe('instances sharing a key file (no Redis)', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'llmux-keys-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("see each other's changes at their next refresh: a revoked key is refused within admin.refreshMs", async () => {
    const keysFile = join(folder, 'llmux.keys.json');
    const config = { admin: { keysFile, refreshMs: 2000 }, rateLimits: failFast };
    const one = await startTestGateway({ env: adminEnv, config });
    const other = await startTestGateway({ env: adminEnv, config });

    const made = await adminClient(one.gateway.url).create({ tenant: 'initech' });
    const onOther = tenantClient(other.gateway.url, made.secret!);
    // Nothing tells the other instance: until its refresh it does not know the key...
    expect((await failure(ask(onOther))).status).toBe(401);
    const known = nextChange(other.gateway);
    await other.clock.advance(2000);
    await known;
    await ask(onOther);

    // ...nor that it was revoked; at its next refresh it does.
    await adminClient(one.gateway.url).revoke(made.id);
    await ask(onOther);
    const revoked = nextChange(other.gateway);
    await other.clock.advance(2000);
    await revoked;
    expect(await failure(ask(onOther))).toMatchObject({
      status: 401,
      message: 'This API key was revoked',
    });

    const text = await readFile(keysFile, 'utf8');
    expect(JSON.parse(text).keys).toHaveLength(1);
    expect(text).not.toContain(made.secret!.slice(13));
  });
});
