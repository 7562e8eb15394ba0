import { describe, expect, it } from 'vitest';
import { tenantDigest } from './tenant-digest.js';

describe('tenantDigest', () => {
  it('is the same for the same tenant, different for another, and never shows the tenant', () => {
    const key = 'sk-live-0123456789abcdef';
    expect(tenantDigest(key)).toBe(tenantDigest(key));
    expect(tenantDigest(key)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(tenantDigest(key)).not.toContain('sk-live');
    expect(tenantDigest('acme')).not.toBe(tenantDigest('acme '));
  });
});
