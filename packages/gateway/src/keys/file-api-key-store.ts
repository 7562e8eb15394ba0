import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { LlmuxError } from '@llmux/core';
import type { ApiKeyRecord } from './api-key-record.js';
import { type ApiKeyStore, isVersionBefore } from './api-key-store.js';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Keys in a JSON file (`{ "keys": [...] }`): for one instance (or the workers of one host, which
 * see each other's writes at their next refresh). A write replaces the file whole: written
 * beside it, then renamed over it, so a reader never sees half a file. Writes of one process are
 * serialised; two processes writing at the same moment could lose one: a fleet uses Redis.
 */
export function createFileApiKeyStore(path: string): ApiKeyStore {
  /** A rename makes a new inode: the stamp changes with every write, however fast. */
  const stampOf = async () => {
    try {
      const info = await stat(path);
      return `${info.ino}:${info.mtimeMs}:${info.size}`;
    } catch (error) {
      if (isMissing(error)) return 'absent';
      throw error;
    }
  };
  const readAll = async (): Promise<ApiKeyRecord[]> => {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    try {
      const keys = (JSON.parse(text) as { keys?: unknown }).keys;
      if (Array.isArray(keys)) return keys as ApiKeyRecord[];
    } catch {
      // Reported below.
    }
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `The API key file ${path} is not a JSON object with a "keys" array`,
    });
  };
  let writing: Promise<unknown> = Promise.resolve();

  return {
    name: `file ${path}`,
    async load(since) {
      const stamp = await stampOf();
      return stamp === since ? { stamp } : { stamp, records: await readAll() };
    },
    save(record) {
      const write = writing.then(async () => {
        const records = await readAll();
        const index = records.findIndex((r) => r.id === record.id);
        if (!isVersionBefore(records[index], record)) return false;
        if (index === -1) records.push(record);
        else records[index] = record;
        const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(temporary, `${JSON.stringify({ keys: records }, null, 2)}\n`, {
          mode: 0o600,
        });
        await rename(temporary, path);
        return true;
      });
      writing = write.catch(() => {});
      return write;
    },
  };
}
