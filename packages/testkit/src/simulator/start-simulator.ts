import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, LlmuxError, systemClock } from '@llmux/core';
import { createBatchStore } from './batch-store.js';
import { defaultBehavior, type SimulatorBehavior, validateBehavior } from './behavior.js';
import {
  capabilitiesOf,
  type DialectCapabilities,
  scriptBeyondCapabilities,
} from './capabilities.js';
import { checkDialect } from './check-dialect.js';
import { randomIdMaker, type SimulatorContext } from './context.js';
import { emptyCounters, resetCounters, type SimulatorCounters } from './counters.js';
import { dialectFor } from './dialects.js';
import { createFaultQueue, type Fault, type FaultRule } from './faults.js';
import { createRequestHandler } from './handle-request.js';
import { createRateLimits } from './rate-limits.js';
import type { ProviderName, SimRequest, SimulatorDialect } from './types.js';

export interface SimulatorOptions {
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  behavior?: Partial<SimulatorBehavior>;
  /** Drives latency, pacing and the rate-limit windows; default the system clock. */
  clock?: Clock;
  /** Draws latency from ranges and rolls fault probabilities; default `Math.random`. */
  random?: () => number;
}

/** A running provider simulator: a real HTTP server on loopback. */
export interface Simulator {
  readonly provider: ProviderName;
  readonly port: number;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /**
   * What the provider's SDK or client takes as base URL: the dialect's `baseURL(url)`
   * (openai: url + '/v1'), else `url`.
   */
  readonly baseURL: string;
  /** What the provider's API has, as the dialect declares it (see `DialectCapabilities`). */
  readonly capabilities: Required<DialectCapabilities>;
  readonly counters: SimulatorCounters;
  /** The last 1000 requests received. */
  readonly requests: SimRequest[];
  /** Changes behaviour for the calls that follow; validated, throws on a bad field. */
  configure(behavior: Partial<SimulatorBehavior>): void;
  /** Queues fault rules; the first rule that matches a call applies. */
  fault(...rules: Array<Fault | FaultRule>): void;
  /** Back to the starting behaviour, no faults, zero counters, empty windows and requests. */
  reset(): void;
  /** Stops the server and ends every call still open, hung ones too. */
  close(): Promise<void>;
}

const checkPort = (port: number) => {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Simulator option "port" must be an integer from 0 to 65535, got ${port}`,
    });
  }
};

/**
 * Starts a simulator of one provider's API on loopback (a free port unless one is given): a
 * built-in provider by name, or any provider by its dialect object.
 */
export async function startSimulator(
  provider: ProviderName | SimulatorDialect,
  options: SimulatorOptions = {},
): Promise<Simulator> {
  const dialect = typeof provider === 'string' ? dialectFor(provider) : checkDialect(provider);
  const capabilities = capabilitiesOf(dialect);
  const { port = 0, host = '127.0.0.1', clock = systemClock, random = Math.random } = options;
  checkPort(port);
  /** Checks a change of behaviour, its scripted reply against what the provider has too. */
  const validate = (change: Partial<SimulatorBehavior>) => {
    validateBehavior(change);
    if (typeof change.reply !== 'object') return;
    const beyond = scriptBeyondCapabilities(change.reply, capabilities, dialect.provider);
    if (beyond) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `Simulator behavior "${beyond[0]}" ${beyond[1]}`,
      });
    }
  };
  validate(options.behavior ?? {});
  const initialBehavior = (): SimulatorBehavior => ({ ...defaultBehavior(), ...options.behavior });
  const closing = new AbortController();
  // Every call in flight listens for the close: many at once is the point, not a leak.
  setMaxListeners(0, closing.signal);
  const counters = emptyCounters();
  const context: SimulatorContext = {
    dialect,
    clock,
    random,
    behavior: initialBehavior(),
    faults: createFaultQueue(random),
    rateLimits: createRateLimits(clock),
    counters,
    requests: [],
    batches: createBatchStore(clock, () => counters.batches),
    promptCache: dialect.createPromptCache?.(clock),
    newId: randomIdMaker(dialect),
    closing: closing.signal,
  };
  const handle = createRequestHandler(context);
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`Simulator failure: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  // Idle keep-alive sockets stay open longer than clients keep them (undici: 4 s), so a client
  // never reuses a socket the server is closing at that moment (an ECONNRESET under load).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host}:${actualPort}`;

  return {
    provider: dialect.provider,
    port: actualPort,
    url,
    baseURL: dialect.baseURL?.(url) ?? url,
    capabilities,
    counters: context.counters,
    requests: context.requests,
    configure(change) {
      validate(change);
      context.behavior = { ...context.behavior, ...change };
    },
    fault(...rules) {
      context.faults.add(rules);
    },
    reset() {
      context.behavior = initialBehavior();
      context.faults.clear();
      context.rateLimits.clear();
      context.requests.length = 0;
      context.batches.clear();
      context.promptCache?.clear();
      resetCounters(context.counters);
    },
    close() {
      closing.abort();
      context.batches.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
