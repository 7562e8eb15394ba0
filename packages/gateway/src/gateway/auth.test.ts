import { describe, expect, it } from 'vitest';
import { keyDigest, resolveTenantKeys } from './auth.js';
import { RequestFieldError } from './request-field-error.js';

const tenants = { acme: { keyEnv: 'ACME_KEY' }, globex: { keyEnv: 'GLOBEX_KEY' } };
const env = { ACME_KEY: 'acme-key-0123456789', GLOBEX_KEY: 'globex-key-0123456789' };

describe('resolveTenantKeys', () => {
  it('finds the tenant of a bearer key or an x-api-key, and refuses anything else with 401', () => {
    const keys = resolveTenantKeys(tenants, env);
    expect(keys.tenantOf({ authorization: 'Bearer acme-key-0123456789' })).toBe('acme');
    expect(keys.tenantOf({ authorization: 'bearer   globex-key-0123456789 ' })).toBe('globex');
    expect(keys.tenantOf({ 'x-api-key': 'globex-key-0123456789' })).toBe('globex');
    for (const headers of [
      {},
      { authorization: '' },
      { authorization: 'Basic abc' },
      { authorization: 'Bearer acme-key' },
      { authorization: 'Bearer acme-key-0123456789 x' },
      { 'x-api-key': 'acme-key' },
      { 'x-api-key': ['acme-key-0123456789', 'acme-key-0123456789'] },
    ]) {
      let error: unknown;
      try {
        keys.tenantOf(headers);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RequestFieldError);
      expect((error as RequestFieldError).status).toBe(401);
    }
    expect(keys.secrets).toEqual([env.ACME_KEY, env.GLOBEX_KEY]);
  });

  it('names the field of each unset, short or shared key, never the key', () => {
    const attempt = () =>
      resolveTenantKeys(
        { ...tenants, initech: { keyEnv: 'INITECH_KEY' }, hooli: { keyEnv: 'HOOLI_KEY' } },
        { ACME_KEY: env.ACME_KEY, GLOBEX_KEY: env.ACME_KEY, HOOLI_KEY: 'short' },
      );
    expect(attempt).toThrow(
      'tenants.globex.keyEnv: GLOBEX_KEY holds the same key as tenant "acme"',
    );
    expect(attempt).toThrow(
      'tenants.initech.keyEnv: the environment variable INITECH_KEY is not set',
    );
    expect(attempt).toThrow(
      'tenants.hooli.keyEnv: the key in HOOLI_KEY is shorter than 16 characters',
    );
    expect(attempt).not.toThrow(env.ACME_KEY);
  });

  it('needs at least one tenant to serve, unless the admin API makes keys', () => {
    expect(() => resolveTenantKeys({}, {})).toThrow('tenants: at least one tenant');
    const made = { tenant: 'initech', keyId: 'key_1', ownLimits: true };
    const keys = resolveTenantKeys(
      {},
      {},
      {
        callerOf: (digest) => (digest === keyDigest('llmux-sk-made-0123456789') ? made : undefined),
      },
    );
    expect(keys.callerOf({ authorization: 'Bearer llmux-sk-made-0123456789' })).toBe(made);
    expect(() => keys.tenantOf({ 'x-api-key': 'llmux-sk-other-0123456789' })).toThrow(
      'Incorrect API key provided',
    );
  });
});
