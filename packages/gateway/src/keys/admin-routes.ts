import type { IncomingMessage, ServerResponse } from 'node:http';
import { LlmuxError } from '@llmux/core';
import { keyDigest, keyOf } from '../gateway/auth.js';
import { readJsonBody } from '../gateway/read-json-body.js';
import { RequestFieldError } from '../gateway/request-field-error.js';
import { sendJson } from '../gateway/send-json.js';
import { type ApiKeyRecord, toApiKeyObject } from './api-key-record.js';
import { type ApiKeys, noSuchKey } from './api-keys.js';
import { parseCreateKey, parseRotateKey } from './parse-api-key-request.js';

export const ADMIN_KEYS_PATH = '/admin/keys';

export interface AdminChange {
  action: 'create' | 'rotate' | 'revoke';
  keyId: string;
  tenant: string;
}

export interface AdminRouteOptions {
  /** Undefined: the admin API is off (no admin key is set). */
  admin?: { keyDigest: string; apiKeys: ApiKeys };
  /** The variable the admin key is read from, for the message that says how to turn it on. */
  keyEnv: string;
  maxBodyBytes: number;
  clock: { now(): number };
  /** Each change made, for the audit log (never a secret). */
  onChange?: (change: AdminChange) => void;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const noStore = { 'cache-control': 'no-store' };

/** A rotation without a body keeps no grace; any other call sends JSON. */
const hasBody = (req: IncomingMessage) =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * The admin API under `/admin/keys`: make (`POST`), list (`GET`), read (`GET /{id}`), rotate
 * (`POST /{id}/rotate`) and revoke (`DELETE /{id}`) tenant API keys. Every call needs the admin
 * key; tenant keys are refused like any wrong key. A secret is shown once, in the answer that
 * made it; everything else shows its first characters only.
 */
export function createAdminRoutes(options: AdminRouteOptions) {
  const { admin } = options;

  const authorize = (req: IncomingMessage): ApiKeys => {
    if (!admin) {
      throw new RequestFieldError(
        null,
        `The admin API is off: set the environment variable ${options.keyEnv} (admin.keyEnv) to an admin key to turn it on`,
        { code: 'admin_api_disabled', status: 403 },
      );
    }
    const key = keyOf(req.headers);
    if (key === undefined || keyDigest(key) !== admin.keyDigest) {
      throw new RequestFieldError(null, 'Incorrect admin key provided', {
        code: 'invalid_api_key',
        status: 401,
      });
    }
    return admin.apiKeys;
  };

  /** An admin call: authorized first; a store that cannot be reached is a 503 naming it. */
  const guarded =
    (
      run: (apiKeys: ApiKeys, req: IncomingMessage, res: ServerResponse) => Promise<void>,
    ): Handler =>
    async (req, res) => {
      const apiKeys = authorize(req);
      try {
        await run(apiKeys, req, res);
      } catch (error) {
        if (!LlmuxError.isInstance(error) || error instanceof RequestFieldError) throw error;
        throw new RequestFieldError(
          null,
          `The API key store (${apiKeys.storeName}) cannot be reached: ${error.message}`,
          { code: 'key_store_unavailable', status: 503 },
        );
      }
    };

  const changed = (action: AdminChange['action'], record: ApiKeyRecord) =>
    options.onChange?.({ action, keyId: record.id, tenant: record.tenant });

  const create = guarded(async (apiKeys, req, res) => {
    const body = await readJsonBody(req, options.maxBodyBytes);
    const { record, secret } = await apiKeys.create(parseCreateKey(body, options.clock.now()));
    changed('create', record);
    sendJson(res, 201, { ...toApiKeyObject(record), secret }, noStore);
  });

  const list = guarded(async (apiKeys, _req, res) => {
    await apiKeys.refresh();
    sendJson(res, 200, { object: 'list', data: apiKeys.list().map(toApiKeyObject) });
  });

  const retrieve = (id: string) =>
    guarded(async (apiKeys, _req, res) => {
      await apiKeys.refresh();
      const record = apiKeys.get(id);
      if (!record) throw noSuchKey(id);
      sendJson(res, 200, toApiKeyObject(record));
    });

  const rotate = (id: string) =>
    guarded(async (apiKeys, req, res) => {
      const body = hasBody(req) ? await readJsonBody(req, options.maxBodyBytes) : {};
      const { record, secret } = await apiKeys.rotate(id, parseRotateKey(body));
      changed('rotate', record);
      sendJson(res, 200, { ...toApiKeyObject(record), secret }, noStore);
    });

  const revoke = (id: string) =>
    guarded(async (apiKeys, _req, res) => {
      const record = await apiKeys.revoke(id);
      changed('revoke', record);
      sendJson(res, 200, toApiKeyObject(record));
    });

  /** The route of a path under `/admin/keys` (`handle` undefined: a wrong method), else none. */
  return (method: string, path: string): { name: string; handle?: Handler } | undefined => {
    if (path !== ADMIN_KEYS_PATH && !path.startsWith(`${ADMIN_KEYS_PATH}/`)) return undefined;
    const name = 'admin_keys';
    if (path === ADMIN_KEYS_PATH) {
      return { name, handle: method === 'POST' ? create : method === 'GET' ? list : undefined };
    }
    const [id, action, ...rest] = path.slice(ADMIN_KEYS_PATH.length + 1).split('/');
    const key = id ? idOf(id) : undefined;
    if (key === undefined || rest.length > 0 || (action !== undefined && action !== 'rotate')) {
      return { name, handle: guarded(async () => Promise.reject(unknownPath(path))) };
    }
    if (action === 'rotate') return { name, handle: method === 'POST' ? rotate(key) : undefined };
    if (method === 'GET') return { name, handle: retrieve(key) };
    return { name, handle: method === 'DELETE' ? revoke(key) : undefined };
  };
}

/** A path segment as an id; undefined when it is not valid percent-encoding. */
const idOf = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const unknownPath = (path: string) =>
  new RequestFieldError(null, `Unknown path ${path}`, { code: 'not_found', status: 404 });
