import { writeFile } from 'node:fs/promises';
import { defaultCatalog, LlmuxError } from '@llmux/core';
import { readRequestLog } from './read-request-log.js';
import { renderHtmlReport } from './render-html-report.js';
import { renderReport } from './render-report.js';
import { parseReportOptions } from './report-options.js';

export { reportUsage } from './report-options.js';

/**
 * `report <log file> [--html PATH | --no-html]`: reads a request log, prints the report to `out`
 * and writes it with charts as one HTML page (beside the log unless told otherwise).
 */
export async function runReportCommand(
  args: string[],
  out: { write(text: string): unknown } = process.stdout,
): Promise<void> {
  const options = parseReportOptions(args);
  const log = await readRequestLog(options.log);
  const report = { source: options.log, catalog: defaultCatalog };
  out.write(`${renderReport(log, report)}\n`);
  if (options.html === undefined) return;
  try {
    await writeFile(options.html, renderHtmlReport(log, report));
  } catch (error) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `Cannot write the HTML report "${options.html}": ${(error as Error).message}`,
      cause: error,
    });
  }
  out.write(`\nHTML report (charts): ${options.html}\n`);
}
