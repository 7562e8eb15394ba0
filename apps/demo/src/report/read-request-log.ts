import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { LlmuxError } from '@llmux/core';
import { type LoggedRecord, parseRecordLine } from './parse-record-line.js';

export interface BadLine {
  /** 1-based line number. */
  line: number;
  problem: string;
}

export interface RequestLog {
  records: LoggedRecord[];
  /** Log entries of other kinds (circuit changes), skipped. */
  otherLines: number;
  /** How many lines were broken: not JSON, or request lines missing a field. */
  badLines: number;
  /** The first few of them, to show where to look. */
  badExamples: BadLine[];
}

const KEPT_EXAMPLES = 5;

/** Reads request records from lines of JSON; blank and other lines are skipped, bad ones counted. */
export async function readRequestLines(lines: AsyncIterable<string> | Iterable<string>) {
  const log: RequestLog = { records: [], otherLines: 0, badLines: 0, badExamples: [] };
  let number = 0;
  for await (const line of lines) {
    number++;
    if (line.trim() === '') continue;
    const parsed = parseRecordLine(line);
    if ('record' in parsed) {
      log.records.push(parsed.record);
      continue;
    }
    if ('other' in parsed) {
      log.otherLines++;
      continue;
    }
    log.badLines++;
    if (log.badExamples.length < KEPT_EXAMPLES) {
      log.badExamples.push({ line: number, problem: parsed.problem });
    }
  }
  return log;
}

/** Reads a request log file line by line; a file it cannot read is a `not_found` error. */
export async function readRequestLog(path: string): Promise<RequestLog> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    return await readRequestLines(createInterface({ input: stream, crlfDelay: Infinity }));
  } catch (error) {
    // Opening (no such file) and reading (a directory) fail here alike.
    throw new LlmuxError({
      kind: 'not_found',
      message: `Cannot read the request log "${path}": ${(error as Error).message}`,
      cause: error,
    });
  } finally {
    stream.destroy();
  }
}
