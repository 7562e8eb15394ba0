import type { GenerateRequest } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { cachePolicy } from './cache-policy.js';

const defaults = { ttlMs: 1000, cacheNonDeterministic: false };
const request = (fields: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: 'hi' }],
  temperature: 0,
  ...fields,
});

describe('cachePolicy', () => {
  it('caches deterministic requests: lookup, store, default TTL', () => {
    expect(cachePolicy(request(), defaults)).toEqual({ lookup: true, store: true, ttlMs: 1000 });
  });

  it('leaves non-deterministic requests alone (temperature above 0 or unset)', () => {
    expect(cachePolicy(request({ temperature: 0.7 }), defaults)).toBeUndefined();
    expect(cachePolicy(request({ temperature: undefined }), defaults)).toBeUndefined();
  });

  it('caches them on opt-in: per request with force, or for all with cacheNonDeterministic', () => {
    expect(
      cachePolicy(request({ temperature: 1, cache: { force: true } }), defaults),
    ).toMatchObject({
      lookup: true,
    });
    expect(
      cachePolicy(request({ temperature: 1 }), { ...defaults, cacheNonDeterministic: true }),
    ).toMatchObject({ store: true });
  });

  it('honours skipLookup, noStore and a per-request TTL', () => {
    expect(cachePolicy(request({ cache: { skipLookup: true } }), defaults)).toEqual({
      lookup: false,
      store: true,
      ttlMs: 1000,
    });
    expect(cachePolicy(request({ cache: { noStore: true, ttlMs: 5 } }), defaults)).toEqual({
      lookup: true,
      store: false,
      ttlMs: 5,
    });
    expect(cachePolicy(request({ cache: { noStore: true, skipLookup: true } }), defaults)).toBe(
      undefined,
    );
  });

  it('turns an infinite TTL into no expiry', () => {
    expect(cachePolicy(request({ cache: { ttlMs: Infinity } }), defaults)?.ttlMs).toBeUndefined();
  });

  it.each([
    [{ ttlMs: 0 }, 'request.cache.ttlMs must be a positive number of milliseconds, got 0'],
    [{ ttlMs: Number.NaN }, 'request.cache.ttlMs must be a positive number'],
    [{ ttlMs: '5' }, 'request.cache.ttlMs must be a positive number'],
    [{ force: 'yes' }, 'request.cache.force must be a boolean, got yes'],
    [{ noStore: 1 }, 'request.cache.noStore must be a boolean'],
    ['skip', 'request.cache must be an object'],
  ])('rejects the malformed control %j with invalid_request naming the field', (cache, message) => {
    const bad = request({ cache: cache as GenerateRequest['cache'] });
    expect(() => cachePolicy(bad, defaults)).toThrow(
      expect.objectContaining({
        kind: 'invalid_request',
        message: expect.stringContaining(message),
      }),
    );
  });
});
