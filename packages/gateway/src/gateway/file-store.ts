import type { Clock, IdGenerator, KeyValueStore } from '@llmux/core';

/** An uploaded file as the OpenAI Files API describes it. */
export interface FileObject {
  id: string;
  object: 'file';
  bytes: number;
  /** Unix seconds. */
  created_at: number;
  expires_at: number;
  filename: string;
  purpose: 'batch' | 'batch_output';
  status: 'processed';
  status_details: null;
}

interface StoredFile {
  tenant: string;
  file: FileObject;
  content: string;
}

/** OpenAI keeps batch files for 30 days. */
const RETENTION_MS = 30 * 24 * 3_600_000;

const key = (id: string) => `file:${id}`;

/**
 * Uploaded files in a `KeyValueStore` (memory, or Redis for a fleet), each with its tenant: a
 * tenant never sees another's file, not even that it exists. Every file expires after 30 days.
 */
export function createFileStore(store: KeyValueStore, clock: Clock, ids: IdGenerator) {
  const read = async (id: string, tenant: string): Promise<StoredFile | undefined> => {
    const text = await store.get(key(id));
    const stored = text === undefined ? undefined : (JSON.parse(text) as StoredFile);
    return stored?.tenant === tenant ? stored : undefined;
  };

  return {
    async create(tenant: string, upload: { filename: string; content: string }) {
      const now = clock.now();
      const file: FileObject = {
        id: `file-${ids().replaceAll('-', '')}`,
        object: 'file',
        bytes: Buffer.byteLength(upload.content),
        created_at: Math.floor(now / 1000),
        expires_at: Math.floor((now + RETENTION_MS) / 1000),
        filename: upload.filename,
        purpose: 'batch',
        status: 'processed',
        status_details: null,
      };
      const stored: StoredFile = { tenant, file, content: upload.content };
      await store.set(key(file.id), JSON.stringify(stored), RETENTION_MS);
      return file;
    },
    async get(id: string, tenant: string): Promise<FileObject | undefined> {
      return (await read(id, tenant))?.file;
    },
    async content(id: string, tenant: string): Promise<string | undefined> {
      return (await read(id, tenant))?.content;
    },
    async delete(id: string, tenant: string): Promise<boolean> {
      if (!(await read(id, tenant))) return false;
      await store.delete(key(id));
      return true;
    },
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
