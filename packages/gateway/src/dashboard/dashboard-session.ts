import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '@llmux/core';
import { keyDigest } from '../gateway/auth.js';

export interface DashboardSession {
  /** Whether `key` is the admin key. */
  isAdminKey(key: string): boolean;
  /** A new session token, for the cookie: it proves the key was sent, without holding it. */
  issue(): string;
  /** Whether a cookie's token was issued by this admin key and is not older than the session. */
  valid(token: string): boolean;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The dashboard's sessions: a browser sends the admin key once and keeps `<issued>.<hmac>`, an
 * HMAC of its issue time under the admin key. Any instance with the same admin key accepts it,
 * rotating the admin key ends every session, and the key itself is never stored.
 */
export function createDashboardSession(
  adminKey: string,
  options: { clock: Clock; ttlMs: number },
): DashboardSession {
  const { clock, ttlMs } = options;
  const admin = keyDigest(adminKey);
  const mac = (issued: string) =>
    createHmac('sha256', adminKey).update(`llmux-dashboard:${issued}`).digest('base64url');
  return {
    isAdminKey: (key) => same(keyDigest(key), admin),
    issue: () => {
      const issued = String(clock.now());
      return `${issued}.${mac(issued)}`;
    },
    valid: (token) => {
      const [issued, signature, ...rest] = token.split('.');
      if (!issued || !signature || rest.length > 0 || !/^\d+$/.test(issued)) return false;
      const age = clock.now() - Number(issued);
      return age >= 0 && age < ttlMs && same(signature, mac(issued));
    },
  };
}
