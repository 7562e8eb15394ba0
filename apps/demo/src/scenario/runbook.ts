import { fillTo } from './incident-texts.js';

/** How long the runbook is, in tokens: an agent's system prompt, as real agents carry. */
export const RUNBOOK_TOKENS = 5_000;

const services = [
  ['checkout', 'payments-oncall', 'p99 < 800 ms, error rate < 0.5%'],
  ['payments', 'payments-oncall', 'authorisation success > 97%'],
  ['inventory', 'catalog-oncall', 'stock sync lag < 60 s'],
  ['auth', 'identity-oncall', 'login p99 < 400 ms'],
  ['search', 'discovery-oncall', 'p95 < 250 ms, zero-result rate < 8%'],
  ['notifications', 'messaging-oncall', 'queue age < 5 min'],
  ['api-gateway', 'platform-oncall', '5xx rate < 0.2%'],
  ['orders', 'fulfilment-oncall', 'order-events consumer lag < 10,000'],
] as const;

const steps = [
  'Acknowledge the page within 5 minutes and post in #incident with the alert link.',
  'Check the deploy log: a release in the last 30 minutes is the first suspect; roll it back first, debug later.',
  'Open the service dashboard and compare the last hour with the same hour a week ago.',
  'Look for saturation before errors: connection pools, CPU throttling, memory limits, queue depth.',
  'If a dependency is failing, check its status page and its circuit breaker before restarting anything.',
  'Escalate to the owning team when the service objective has been missed for 15 minutes.',
  'Declare a SEV-1 when checkout or payments are failing for more than 2% of customers.',
  'Record every action with its time in the incident document; the review is written from it.',
];

const header = [
  'You are the on-call assistant of an online shop. Follow this runbook.',
  '',
  '## Services, owners and objectives',
  ...services.map(
    ([name, team, objective]) => `- ${name}: owned by ${team}; objective: ${objective}.`,
  ),
  '',
  '## First steps in any incident',
  ...steps.map((step, i) => `${i + 1}. ${step}`),
  '',
  '## Known failure modes',
].join('\n');

/**
 * The on-call runbook the incident agent sends as its system prompt with every request, word for
 * word: service owners and objectives, the first steps, escalation. The same on every run, so
 * providers can cache it.
 */
export const runbook: string = `${header}\n${fillTo(
  RUNBOOK_TOKENS - Math.ceil(header.length / 4),
  (n) => {
    const [service, team] = services[n % services.length]!;
    const step = steps[(n * 3) % steps.length]!;
    return `- ${service} #${n + 1}: when alerts fire together with a recent change, page ${team}; ${step}`;
  },
)}`;
