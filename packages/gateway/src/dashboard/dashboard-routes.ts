import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Clock } from '@llmux/core';
import { keyOf } from '../gateway/auth.js';
import { readBody } from '../gateway/read-json-body.js';
import { RequestFieldError } from '../gateway/request-field-error.js';
import { sendJson } from '../gateway/send-json.js';
import { createDashboardSession } from './dashboard-session.js';

export const DASHBOARD_PATH = '/dashboard';
const COOKIE = 'llmux_dashboard';
const SESSION_MS = 12 * 60 * 60 * 1000;

export interface DashboardRouteOptions {
  /** Undefined: the dashboard is off (no admin key is set). */
  adminKey: string | undefined;
  /** The variable the admin key is read from, for the message that says how to turn it on. */
  keyEnv: string;
  clock: Clock;
  maxBodyBytes: number;
  /** The page's data (`GET /dashboard/data`). */
  data(): Promise<unknown>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const require = createRequire(import.meta.url);
/** The page ships in the package's `dashboard` folder; uPlot is served from its own package. */
const pageDir = join(dirname(require.resolve('@llmux/gateway/package.json')), 'dashboard');
const uplotDir = dirname(require.resolve('uplot/dist/uPlot.iife.min.js'));
const assets: Record<string, { file: string; type: string }> = {
  'dashboard.js': { file: join(pageDir, 'dashboard.js'), type: 'text/javascript' },
  'dashboard.css': { file: join(pageDir, 'dashboard.css'), type: 'text/css' },
  'uPlot.iife.min.js': { file: join(uplotDir, 'uPlot.iife.min.js'), type: 'text/javascript' },
  'uPlot.min.css': { file: join(uplotDir, 'uPlot.min.css'), type: 'text/css' },
};
const loaded = new Map<string, Promise<Buffer>>();
const load = (file: string) => {
  const found = loaded.get(file) ?? readFile(file);
  loaded.set(file, found);
  return found;
};

const security = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
};

const sendHtml = (res: ServerResponse, status: number, html: string | Buffer, headers = {}) => {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...security, ...headers });
  res.end(html);
};

const loginPage = (problem: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>llmux dashboard: sign in</title>
<link rel="stylesheet" href="/dashboard/assets/dashboard.css"></head>
<body class="login"><form method="post" action="/dashboard/login">
<h1>llmux dashboard</h1><p id="problem">${problem}</p>
<label>Admin key <input type="password" name="key" autocomplete="current-password" autofocus required></label>
<button type="submit">Sign in</button></form></body></html>`;

const cookieOf = (req: IncomingMessage): string | undefined => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=');
  }
  return undefined;
};

/**
 * The live dashboard under `/dashboard`, for the admin key's holder: a browser sends the key once
 * (`/dashboard?key=` or the sign-in form) and gets an HttpOnly, SameSite=Strict session cookie
 * that holds an HMAC, never the key; `/dashboard/data` also takes the admin key as a bearer
 * token. Tenant keys are refused like any wrong key.
 */
export function createDashboardRoutes(options: DashboardRouteOptions) {
  const { adminKey, clock } = options;
  const session =
    adminKey === undefined
      ? undefined
      : createDashboardSession(adminKey, { clock, ttlMs: SESSION_MS });

  const enabled = () => {
    if (session) return session;
    throw new RequestFieldError(
      null,
      `The dashboard is off: set the environment variable ${options.keyEnv} (admin.keyEnv) to an admin key to turn it on`,
      { code: 'dashboard_disabled', status: 403 },
    );
  };
  const signedIn = (req: IncomingMessage) => {
    const token = cookieOf(req);
    return token !== undefined && enabled().valid(token);
  };
  /** Starts a session and sends the browser to the page, so the key leaves its address bar. */
  const startSession = (req: IncomingMessage, res: ServerResponse) => {
    const secure = req.headers['x-forwarded-proto'] === 'https' ? '; Secure' : '';
    res.writeHead(303, {
      location: DASHBOARD_PATH,
      'set-cookie': `${COOKIE}=${enabled().issue()}; Path=${DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MS / 1000}${secure}`,
      ...security,
    });
    res.end();
  };

  const page: Handler = async (req, res) => {
    const sent = new URL(req.url ?? '/', 'http://gateway').searchParams.get('key');
    if (sent !== null) {
      if (enabled().isAdminKey(sent)) return startSession(req, res);
      return sendHtml(res, 401, loginPage('That is not the admin key.'));
    }
    if (!signedIn(req)) return sendHtml(res, 401, loginPage('Sign in with the admin key.'));
    sendHtml(res, 200, await load(join(pageDir, 'index.html')));
  };

  const login: Handler = async (req, res) => {
    const body = await readBody(req, options.maxBodyBytes);
    const key = new URLSearchParams(body.toString('utf8')).get('key');
    if (key !== null && enabled().isAdminKey(key)) return startSession(req, res);
    sendHtml(res, 401, loginPage('That is not the admin key.'));
  };

  const data: Handler = async (req, res) => {
    const bearer = req.headers.authorization ?? req.headers['x-api-key'];
    const key = bearer === undefined ? undefined : keyOf(req.headers);
    if (!(key !== undefined ? enabled().isAdminKey(key) : signedIn(req))) {
      throw new RequestFieldError(null, 'Sign in with the admin key to read the dashboard', {
        code: 'invalid_api_key',
        status: 401,
      });
    }
    sendJson(res, 200, await options.data(), { 'cache-control': 'no-store' });
  };

  const asset =
    (name: string): Handler =>
    async (_req, res) => {
      const { file, type } = assets[name]!;
      const body = await load(file);
      res.writeHead(200, {
        'content-type': `${type}; charset=utf-8`,
        'content-length': String(body.length),
        'x-content-type-options': 'nosniff',
        'cache-control': 'public, max-age=300',
      });
      res.end(body);
    };

  /** The route of a path under `/dashboard` (`handle` undefined: a wrong method), else none. */
  return (method: string, path: string): { name: string; handle?: Handler } | undefined => {
    const name = 'dashboard';
    const get = (handle: Handler) => ({ name, handle: method === 'GET' ? handle : undefined });
    if (path === DASHBOARD_PATH) return get(page);
    if (path === `${DASHBOARD_PATH}/data`) return get(data);
    if (path === `${DASHBOARD_PATH}/login`)
      return { name, handle: method === 'POST' ? login : undefined };
    const assetName = path.startsWith(`${DASHBOARD_PATH}/assets/`)
      ? path.slice(`${DASHBOARD_PATH}/assets/`.length)
      : undefined;
    if (assetName !== undefined && Object.hasOwn(assets, assetName)) return get(asset(assetName));
    return undefined;
  };
}
