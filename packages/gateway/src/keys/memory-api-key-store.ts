import type { ApiKeyRecord } from './api-key-record.js';
import { type ApiKeyStore, isVersionBefore } from './api-key-store.js';

/** Keys in this process only: gone at exit, unknown to other processes. */
export function createMemoryApiKeyStore(): ApiKeyStore {
  const records = new Map<string, ApiKeyRecord>();
  let stamp = 0;
  return {
    name: 'memory',
    async load(since) {
      const now = String(stamp);
      return since === now ? { stamp: now } : { stamp: now, records: [...records.values()] };
    },
    async save(record) {
      if (!isVersionBefore(records.get(record.id), record)) return false;
      records.set(record.id, record);
      stamp++;
      return true;
    },
  };
}
