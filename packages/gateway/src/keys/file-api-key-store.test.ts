import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyRecord } from './api-key-record.js';
import { createFileApiKeyStore } from './file-api-key-store.js';

const record = (version: number, extra: Partial<ApiKeyRecord> = {}): ApiKeyRecord => ({
  id: 'key_1',
  tenant: 'initech',
  digest: 'digest',
  hint: 'llmux-sk-abcd',
  createdAt: 0,
  version,
  ...extra,
});

describe('createFileApiKeyStore', () => {
  let folder: string;
  let path: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'llmux-key-file-'));
    path = join(folder, 'llmux.keys.json');
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('starts empty without a file, and writes over the version it read only', async () => {
    const store = createFileApiKeyStore(path);
    const empty = await store.load();
    expect(empty.records).toEqual([]);
    expect(await store.save(record(1))).toBe(true);
    expect(await store.save(record(1, { name: 'again' }))).toBe(false);
    expect(await store.save(record(2, { revokedAt: 5 }))).toBe(true);
    const { stamp, records } = await store.load(empty.stamp);
    expect(records).toEqual([record(2, { revokedAt: 5 })]);
    expect(await store.load(stamp)).toEqual({ stamp });
    // Written beside the file and renamed over it: no temporary file is left.
    expect(await readdir(folder)).toEqual(['llmux.keys.json']);
  });

  it('serialises the writes of one process: of two over one version, one wins', async () => {
    const store = createFileApiKeyStore(path);
    const results = await Promise.all([
      store.save(record(1, { name: 'a' })),
      store.save(record(1, { name: 'b' })),
    ]);
    expect(results.sort()).toEqual([false, true]);
  });

  it('names the file when it is not a key file', async () => {
    await writeFile(path, '{"tenants": {}}');
    await expect(createFileApiKeyStore(path).load()).rejects.toThrow(
      `The API key file ${path} is not a JSON object with a "keys" array`,
    );
  });
});
