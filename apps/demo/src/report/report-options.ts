import { basename, dirname, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { LlmuxError } from '@llmux/core';

export const reportUsage =
  'Usage: llmux-demo report <request log (JSON lines)> [--html PATH | --no-html]';

export interface ReportCommandOptions {
  log: string;
  /** Where the HTML page goes; undefined with `--no-html`. */
  html: string | undefined;
}

/** Beside the log, named for it: `run.jsonl` → `run.report.html`. */
export const defaultHtmlPath = (log: string): string =>
  join(dirname(log), `${basename(log, extname(log))}.report.html`);

/** `report`'s arguments; anything else is the usage, as an `invalid_request` error. */
export function parseReportOptions(args: string[]): ReportCommandOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch {
    throw new LlmuxError({ kind: 'invalid_request', message: reportUsage });
  }
  const { values, positionals } = parsed;
  const [log, ...extra] = positionals;
  if (log === undefined || extra.length > 0 || (values.html !== undefined && values['no-html'])) {
    throw new LlmuxError({ kind: 'invalid_request', message: reportUsage });
  }
  return { log, html: values['no-html'] ? undefined : (values.html ?? defaultHtmlPath(log)) };
}

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { html: { type: 'string' }, 'no-html': { type: 'boolean' } },
  });
