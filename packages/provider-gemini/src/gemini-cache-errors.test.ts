import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { isCacheMissing, isCacheTooSmall } from './gemini-cache-errors.js';

const apiError = (status: number, message: string) =>
  new ApiError({ status, message: JSON.stringify({ error: { code: status, message } }) });

describe('gemini cache errors', () => {
  it('recognises a cache that is gone, as the API answers for one (403), and a 404', () => {
    expect(isCacheMissing(apiError(403, 'CachedContent not found (or permission denied)'))).toBe(
      true,
    );
    expect(isCacheMissing(apiError(404, 'cachedContents/abc has expired'))).toBe(true);
    expect(isCacheMissing(apiError(403, 'Permission denied on the project'))).toBe(false);
    expect(isCacheMissing(new Error('CachedContent not found'))).toBe(false);
  });

  it('recognises the refusal of a cache below the minimum', () => {
    const refusal = 'Cached content is too small. total_token_count=16, min_total_token_count=1024';
    expect(isCacheTooSmall(apiError(400, refusal))).toBe(true);
    expect(isCacheTooSmall(apiError(400, 'Invalid value'))).toBe(false);
  });
});
