import { defaultCatalog, LlmuxError } from '@llmux/core';
import { readRequestLog } from './read-request-log.js';
import { renderReport } from './render-report.js';

export const reportUsage = 'Usage: llmux-demo report <request log (JSON lines)>';

/** `report <log file>`: reads a request log and prints the report to `out`. */
export async function runReportCommand(
  args: string[],
  out: { write(text: string): unknown } = process.stdout,
): Promise<void> {
  const [path, ...extra] = args;
  if (path === undefined || extra.length > 0 || path.startsWith('-')) {
    throw new LlmuxError({ kind: 'invalid_request', message: reportUsage });
  }
  const log = await readRequestLog(path);
  out.write(`${renderReport(log, { source: path, catalog: defaultCatalog })}\n`);
}
