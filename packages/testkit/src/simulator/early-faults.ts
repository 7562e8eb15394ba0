import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from './context.js';
import { defaultErrorMessage, type Fault } from './faults.js';
import { isLateFault } from './stream-reply.js';
import { untilAborted } from './wait.js';

export type SendError = (
  status: number,
  message: string,
  options?: { retryAfterMs?: number; headers?: Record<string, string> },
) => void;

/** Faults that take the place of an answer: an error status, a hang or a reset. */
export type EarlyFault = Extract<
  Fault,
  { type: 'status' | 'rate-limit' | 'overloaded' | 'hang' | 'reset' }
>;

export const isEarlyFault = (fault: Fault | undefined): fault is EarlyFault =>
  fault !== undefined && !isLateFault(fault);

/** Fails a call as the fault says, in the provider's format. */
export async function answerEarlyFault(
  fault: EarlyFault,
  context: SimulatorContext,
  call: { req: IncomingMessage; res: ServerResponse; sendError: SendError; signal: AbortSignal },
): Promise<void> {
  const { dialect } = context;
  const overloadedStatus = dialect.overloadedStatus ?? 503;
  switch (fault.type) {
    case 'status': {
      const message = fault.message ?? defaultErrorMessage(fault.status);
      const retryAfterMs =
        fault.retryAfterSeconds === undefined ? undefined : fault.retryAfterSeconds * 1000;
      return call.sendError(fault.status, message, { retryAfterMs, headers: fault.headers });
    }
    case 'rate-limit': {
      const seconds = fault.retryAfterSeconds ?? 1;
      const headers = dialect.rateLimitHeaders?.({
        requestsLimit: context.behavior.limits.requestsPerMinute ?? 50,
        requestsRemaining: 0,
        requestsResetMs: seconds * 1000,
      });
      return call.sendError(429, defaultErrorMessage(429), {
        retryAfterMs: seconds * 1000,
        headers,
      });
    }
    case 'overloaded':
      return call.sendError(overloadedStatus, defaultErrorMessage(overloadedStatus));
    case 'hang':
      await untilAborted(call.signal);
      call.res.destroy();
      return;
    case 'reset':
      call.req.socket.destroy();
      return;
  }
}
