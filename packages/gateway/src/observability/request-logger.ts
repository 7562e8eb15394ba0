import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LlmuxEvent, Observer, RequestRecord } from '@llmux/core';
import { LlmuxError } from '@llmux/core';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from '../config/config-schema.js';

/**
 * Fields that hold secrets where our lines could carry them: pino's `redact` is the second guard
 * (the scrubber is the first). Exact paths only: a wildcard would double the cost of every line.
 */
const redactPaths = [
  'authorization',
  'apiKey',
  'api_key',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers["x-goog-api-key"]',
  'req.headers.authorization',
];

/** pino's own destination (sonic-boom) can be flushed; an injected stream may not. */
type Destination = DestinationStream & { flush?(): void; flushSync?(): void };

export interface RequestLoggerOptions {
  level: LogLevel;
  /** Where lines go: a file path; default stdout. Ignored when `destination` is given. */
  file?: string;
  /** A stream to write to instead (tests). */
  destination?: DestinationStream;
  /** Takes secrets out of error messages (the first guard). */
  scrub?: (text: string) => string;
}

export interface RequestLogger {
  readonly logger: Logger;
  /** Logs each `request-end` record as one line, and circuit changes. */
  readonly observer: Observer;
  /** Writes what is buffered; call before the process exits. */
  flush(): void;
}

/**
 * One JSON line per request, with every field of core's `RequestRecord`, through pino to stdout
 * or a file. The destination is asynchronous and buffered, so logging costs the request no
 * synchronous I/O.
 */
export function createRequestLogger(options: RequestLoggerOptions): RequestLogger {
  const scrub = options.scrub ?? ((text: string) => text);
  if (options.destination === undefined && options.file !== undefined) assertWritable(options.file);
  const destination: Destination =
    options.destination ??
    pino.destination({ dest: options.file ?? 1, sync: false, mkdir: true, minLength: 4096 });
  const logger = pino(
    { level: options.level, redact: { paths: redactPaths, censor: '[redacted]' } },
    destination,
  );
  // A buffered line should not wait for the next burst of traffic to show up.
  const flusher =
    options.destination === undefined
      ? setInterval(() => destination.flush?.(), 1000).unref()
      : undefined;

  // Error messages may quote a provider's answer; the common success needs no copy.
  const clean = (record: RequestRecord): RequestRecord => {
    const quoted = record.error_message !== null || record.attempt_log.some((a) => a.message);
    if (!quoted) return record;
    return {
      ...record,
      error_message: record.error_message === null ? null : scrub(record.error_message),
      attempt_log: record.attempt_log.map((a) =>
        a.message === undefined ? a : { ...a, message: scrub(a.message) },
      ),
    };
  };

  const observer = (event: LlmuxEvent) => {
    if (event.type === 'request-end') logger.info(clean(event.record), 'request');
    else if (event.type === 'circuit') logger.warn(event, 'circuit');
    else if (event.type === 'store') {
      logger.warn(
        { ...event, ...(event.detail !== undefined && { detail: scrub(event.detail) }) },
        event.state === 'down' ? 'store down: going on without it' : 'store back',
      );
    }
  };

  return {
    logger,
    observer,
    flush() {
      if (flusher) clearInterval(flusher);
      try {
        destination.flushSync?.();
      } catch {
        // Not ready yet (nothing written) or already closed: nothing to flush.
      }
    },
  };
}

/**
 * A log file that cannot be written is an error at start: pino's destination would only fail
 * later, in the background, and every request line would be lost without a word.
 */
function assertWritable(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    closeSync(openSync(file, 'a'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `logging.file: cannot write ${file} (${reason})`,
    });
  }
}
