import { type ErrorKind, LlmuxError } from '@llmux/core';

const kindOfStatus = (status: number): ErrorKind =>
  status === 401 ? 'authentication' : status === 404 ? 'not_found' : 'invalid_request';

/**
 * A request the gateway refuses itself, before any call: its HTTP status, the OpenAI error
 * `code`, and the body field at fault (`param`), when one is.
 */
export class RequestFieldError extends LlmuxError {
  readonly code: string;
  override readonly status: number;
  /** The connection cannot be reused (the rest of the body was not read): answer, then close it. */
  readonly closeConnection: boolean;

  constructor(
    readonly param: string | null,
    message: string,
    options: { code?: string; status?: number; closeConnection?: boolean } = {},
  ) {
    const { code = 'invalid_request', status = 400 } = options;
    super({ kind: kindOfStatus(status), message, status });
    this.code = code;
    this.status = status;
    this.closeConnection = options.closeConnection === true;
  }
}

/** `Invalid "messages[2].role": must be one of ...` */
export const badField = (param: string, problem: string): RequestFieldError =>
  new RequestFieldError(param, `Invalid "${param}": ${problem}`);
