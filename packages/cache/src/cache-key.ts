import { hash } from 'node:crypto';
import { type GenerateRequest, type LanguageModel, tenantDigest } from '@llmux/core';
import { canonicalJson } from './canonical-json.js';
import { setOwnField } from './own-field.js';
import { rememberKeys } from './recent-keys.js';
import { isSecretName, withoutSecrets } from './secret-fields.js';

/** Bumped whenever what goes into a key changes, so old entries simply stop matching. */
const KEY_VERSION = 2;

/**
 * Request fields that never change the answer: the abort signal, the deadline, the admission
 * hooks, the cache's own controls, the
 * provider-side prompt-cache hint, and the metadata and route, whose answer-shaping parts are
 * added back explicitly below. Every other field, including ones added to `GenerateRequest`
 * later, is part of the key: an unknown field can only cause a miss, never a wrong hit.
 */
const notInKey = new Set([
  'signal',
  'deadlineAt',
  'admission',
  'cache',
  'promptCache',
  'metadata',
  'route',
  'providerOptions',
]);

// One-shot `hash`: half the cost of a Hash object (createHash) for one short text.
export const sha256 = (text: string): string => hash('sha256', text, 'hex');

/** Entries of one tenant share a prefix; the tenant is hashed, since it may be an API key. */
export const tenantNamespace = (tenant: unknown): string =>
  tenant === undefined
    ? 'shared'
    : `t-${tenantDigest(typeof tenant === 'string' ? tenant : canonicalJson(tenant))}`;

/**
 * The store key of a request: `<tenant namespace>:<sha-256 of canonical JSON>` over everything
 * that changes the answer (the inner model, messages, tools, tool choice, sampling parameters,
 * response format, provider options, the tenant, the task and tags the router reads, and the
 * route's candidates). Credentials are left out: secret-named provider options (API keys,
 * authorization headers, tokens) and top-level fields, the request id and the user id.
 * Throws an `invalid_request` error when the request holds values JSON cannot represent.
 */
export function cacheKey(
  model: Pick<LanguageModel, 'provider' | 'modelId'>,
  request: GenerateRequest,
): string {
  const fields: Record<string, unknown> = {};
  for (const name of Object.keys(request)) {
    if (!notInKey.has(name) && !isSecretName(name)) {
      setOwnField(fields, name, request[name as keyof GenerateRequest]);
    }
  }
  const { metadata, route, providerOptions } = request;
  const payload = {
    model: { modelId: model.modelId, provider: model.provider },
    providerOptions: withoutSecrets(providerOptions),
    request: fields,
    route: route?.candidates.map(({ provider, model }) => ({ model, provider })),
    tags: metadata?.tags,
    task: metadata?.task,
    tenant: metadata?.tenant,
    v: KEY_VERSION,
  };
  return keyOf(payload, metadata?.tenant);
}

// The payload holds the tenant: one text has one key, namespace included.
const keyOf = rememberKeys((text, tenant) => `${tenantNamespace(tenant)}:${sha256(text)}`);
