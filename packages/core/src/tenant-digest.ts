import { hash } from 'node:crypto';

/**
 * A tenant as store keys hold it: 22 base64url characters of its SHA-256. Tenants may be API
 * keys, so keys in a cache or a rate-limit store name a digest of one, never the tenant itself.
 */
export const tenantDigest = (tenant: string): string =>
  hash('sha256', tenant, 'base64url').slice(0, 22);
