import { describe, expect, it } from 'vitest';
import { kindFromStatus, parseRetryAfter } from './http-errors.js';

describe('kindFromStatus', () => {
  it.each([
    [400, 'invalid_request'],
    [401, 'authentication'],
    [403, 'permission'],
    [404, 'not_found'],
    [408, 'timeout'],
    [409, 'invalid_request'],
    [413, 'invalid_request'],
    [429, 'rate_limited'],
    [500, 'server_error'],
    [502, 'server_error'],
    [503, 'overloaded'],
    [504, 'server_error'],
    [529, 'overloaded'],
  ])('maps %i to %s', (status, kind) => {
    expect(kindFromStatus(status)).toBe(kind);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('prefers retry-after-ms', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
    expect(parseRetryAfter(new Headers({ 'Retry-After-Ms': '1.5' }), now)).toBe(1.5);
  });

  it('reads retry-after as seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '2' }, now)).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': '0.5' }), now)).toBe(500);
    expect(parseRetryAfter({ 'retry-after': ['3', '7'] }, now)).toBe(3000);
  });

  it('reads retry-after as an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 12:00:30 GMT' }, now)).toBe(30_000);
    expect(parseRetryAfter({ 'retry-after': 'Wed, 25 Nov 2026 11:00:00 GMT' }, now)).toBe(0);
  });

  it.each([
    [{}],
    [{ 'retry-after': '' }],
    [{ 'retry-after': 'soon' }],
    [{ 'retry-after': '-5' }],
    [{ 'retry-after-ms': 'NaN', 'retry-after': 'later' }],
    [{ 'retry-after-ms': '-1' }],
  ])('is undefined for absent or unreadable headers %j', (headers) => {
    expect(parseRetryAfter(headers, now)).toBeUndefined();
  });
});
