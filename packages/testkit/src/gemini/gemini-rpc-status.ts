import { canonicalStatus } from './gemini-error-body.js';

/** `google.rpc.Code` numbers by canonical name. */
const codes = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

export type RpcCodeName = keyof typeof codes;

/**
 * A `google.rpc.Status` as a batch reports an error in its results or its operation: `code` is
 * the RPC code (13 for INTERNAL), not the HTTP status of the same error as a reply. `status` is an
 * HTTP status or an RPC code's name (CANCELLED and DEADLINE_EXCEEDED have no HTTP twin).
 */
export function rpcStatus(status: number | RpcCodeName, message: string) {
  const name = typeof status === 'number' ? canonicalStatus(status) : status;
  return { code: codes[name as RpcCodeName] ?? codes.UNKNOWN, message };
}
