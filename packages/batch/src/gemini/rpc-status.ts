/**
 * The HTTP status of a `google.rpc.Code`, as Google's APIs answer them over HTTP: a batch item's
 * error is a `google.rpc.Status`, whose code is the gRPC one.
 */
const byCode: Record<number, number> = {
  1: 499, // CANCELLED
  2: 500, // UNKNOWN
  3: 400, // INVALID_ARGUMENT
  4: 504, // DEADLINE_EXCEEDED
  5: 404, // NOT_FOUND
  6: 409, // ALREADY_EXISTS
  7: 403, // PERMISSION_DENIED
  8: 429, // RESOURCE_EXHAUSTED
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  11: 400, // OUT_OF_RANGE
  12: 501, // UNIMPLEMENTED
  13: 500, // INTERNAL
  14: 503, // UNAVAILABLE
  15: 500, // DATA_LOSS
  16: 401, // UNAUTHENTICATED
};

/** A status code as an HTTP status: gRPC codes are mapped, HTTP ones (100 and up) kept. */
export const httpStatusOf = (code: number | undefined): number =>
  code !== undefined && code >= 100 ? code : (byCode[code ?? 2] ?? 500);

/**
 * Whether a request's status says the batch never ran it: it was cancelled with the batch
 * (CANCELLED) or left when the batch expired (DEADLINE_EXCEEDED).
 */
export const isUnprocessed = (code: number | undefined): boolean => code === 1 || code === 4;
