import { ApiError } from '@google/genai';

/**
 * Whether the API said a cache named in a call is gone (deleted, expired, never there): a 403
 * `PERMISSION_DENIED` "CachedContent not found (or permission denied)", as recorded; a 404 or
 * 400 naming the cache is taken the same way.
 */
export const isCacheMissing = (error: unknown): boolean =>
  error instanceof ApiError &&
  [400, 403, 404].includes(error.status) &&
  /cached ?content/i.test(error.message);

/** Whether the API refused to create a cache below the model's minimum size. */
export const isCacheTooSmall = (error: unknown): boolean =>
  error instanceof ApiError &&
  error.status === 400 &&
  /cached content is too small/i.test(error.message);
