import OpenAI from 'openai';
import { expect } from 'vitest';
import type { RunningGateway } from '../gateway/start-gateway.js';
import type { ApiKeysEvent } from './api-keys.js';

export const ADMIN_KEY = 'llmux-test-admin-0123456789';
export const adminEnv = { LLMUX_ADMIN_KEY: ADMIN_KEY };

export interface KeyObject {
  id: string;
  tenant: string;
  prefix: string;
  secret?: string;
  revokedAt: string | null;
  expiresAt: string | null;
  previousKey: { prefix: string; validUntil: string } | null;
  [field: string]: unknown;
}

/** A key, a list of keys, or an OpenAI error. */
type AdminReplyBody = KeyObject & {
  data?: KeyObject[];
  error: { message: string; type: string; code: string; param: string | null };
};

/** The admin API through `fetch`, as an operator's script calls it (`key` null: sends none). */
export function adminClient(url: string, key: string | null = ADMIN_KEY) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}/admin/keys${path}`, {
      method,
      headers: {
        ...(key !== null && { authorization: `Bearer ${key}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as AdminReplyBody };
  };
  /** A call that must succeed with `status`: its body. */
  const ok = async (status: number, method: string, path: string, body?: unknown) => {
    const reply = await call(method, path, body);
    expect(reply, JSON.stringify(reply.body)).toMatchObject({ status });
    return reply.body;
  };
  return {
    call,
    create: (body: Record<string, unknown>) => ok(201, 'POST', '', body),
    get: (id: string) => ok(200, 'GET', `/${id}`),
    list: async () => (await ok(200, 'GET', '')).data!,
    rotate: (id: string, body?: Record<string, unknown>) => ok(200, 'POST', `/${id}/rotate`, body),
    revoke: (id: string) => ok(200, 'DELETE', `/${id}`),
  };
}

/** The official OpenAI SDK as a tenant uses it, with a key the admin API made. */
export const tenantClient = (url: string, apiKey: string) =>
  new OpenAI({ apiKey, baseURL: `${url}/v1`, maxRetries: 0 });

export const ask = (client: OpenAI, model = 'auto') =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Status?' }] });

/** The status an SDK call failed with (it must fail), and its OpenAI error body. */
export async function failure(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  const { status, error: body } = error as InstanceType<typeof OpenAI.APIError>;
  return { status, ...(body as { code: string; message: string; type: string }) };
}

/** Resolves at the next change of an instance's keys (a refresh or a notice that found one). */
export const nextChange = (gateway: RunningGateway) =>
  new Promise<ApiKeysEvent>((resolve) => {
    const stop = gateway.apiKeys!.listen((event) => {
      if (event.type !== 'api-keys-changed') return;
      stop();
      resolve(event);
    });
  });
