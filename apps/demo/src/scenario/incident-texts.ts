import { pick, type Random, randomInt } from './random-draws.js';

/** Made-up but plausible material for the prompts of an incident-response workload. */

const services = [
  'checkout',
  'payments',
  'inventory',
  'auth',
  'search',
  'notifications',
  'api-gateway',
  'orders',
] as const;
const hosts = ['ip-10-0-1-17', 'ip-10-0-2-41', 'ip-10-0-3-9', 'ip-10-0-4-112'] as const;
const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'ERROR'] as const;
const logEvents = [
  'upstream connect error or disconnect/reset before headers',
  'db pool exhausted: 50/50 connections in use, waited 2000ms',
  'retrying request to payments-provider (attempt 2/3)',
  'GET /api/v2/cart 200',
  'POST /api/v2/checkout 502',
  'circuit breaker payments-provider OPEN after 20 failures',
  'cache miss for key cart:{id}, loading from primary',
  'slow query (1843 ms): SELECT * FROM orders WHERE customer_id = $1',
  'kafka consumer lag on topic order-events: 48211',
  'pod restarted: OOMKilled (limit 512Mi)',
  'TLS handshake timeout to auth.internal:443',
  'feature flag new-pricing-engine evaluated: on',
] as const;
const errors = [
  "TypeError: Cannot read properties of undefined (reading 'currency')",
  'Error: connect ETIMEDOUT 10.0.7.12:5432',
  'RangeError: Maximum call stack size exceeded',
  'Error: Request failed with status code 503',
] as const;

export const serviceOf = (random: Random): string => pick(random, services);

/** About four characters to a token, as core's `approximateTokens` counts them. */
const CHARS_PER_TOKEN = 4;

/** Lines made by `line` until the text holds about `tokens` tokens. */
export function fillTo(tokens: number, line: (n: number) => string): string {
  const lines: string[] = [];
  let chars = 0;
  for (let n = 0; chars < tokens * CHARS_PER_TOKEN; n++) {
    const next = line(n);
    lines.push(next);
    chars += next.length + 1;
  }
  return lines.join('\n');
}

const clockTime = (second: number) => {
  const hh = String(14 + Math.floor(second / 3600)).padStart(2, '0');
  const mm = String(Math.floor(second / 60) % 60).padStart(2, '0');
  const ss = String(second % 60).padStart(2, '0');
  return `2026-11-24T${hh}:${mm}:${ss}Z`;
};

export const logLine = (random: Random, service: string, n: number): string =>
  `${clockTime(n * 2 + randomInt(random, 0, 1))} ${pick(random, levels)} ${service} ` +
  `host=${pick(random, hosts)} trace=${randomInt(random, 1e9, 9e9).toString(16)} ` +
  pick(random, logEvents).replace('{id}', String(randomInt(random, 1000, 99999)));

export const metricLine = (random: Random, service: string, n: number): string =>
  `${clockTime(n * 60)} ${service} rps=${randomInt(random, 200, 2400)} ` +
  `p50=${randomInt(random, 20, 90)}ms p99=${randomInt(random, 150, 4000)}ms ` +
  `errors=${(random() * 12).toFixed(2)}% cpu=${randomInt(random, 20, 99)}%`;

export const stackTrace = (random: Random, service: string): string =>
  [
    pick(random, errors),
    `    at priceCart (/srv/${service}/src/pricing/price-cart.ts:${randomInt(random, 20, 90)}:17)`,
    `    at CheckoutController.submit (/srv/${service}/src/checkout/controller.ts:${randomInt(random, 40, 200)}:9)`,
    '    at processTicksAndRejections (node:internal/process/task_queues:105:5)',
  ].join('\n');

/** A TypeScript file of about `tokens` tokens, one small function after another. */
export const sourceFile = (random: Random, tokens: number): string =>
  fillTo(tokens, (n) =>
    [
      `export function applyDiscount${n}(cart: Cart, code: string): Cart {`,
      `  const rule = rules.get(code) ?? rules.get('default-${randomInt(random, 1, 9)}');`,
      `  const total = cart.items.reduce((sum, item) => sum + item.price * item.qty, 0);`,
      `  return { ...cart, total: total * (1 - rule.percent / ${randomInt(random, 100, 120)}) };`,
      '}',
      '',
    ].join('\n'),
  );
