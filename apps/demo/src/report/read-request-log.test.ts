import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { readRequestLines, readRequestLog } from './read-request-log.js';
import { requestRecord } from './test-records.js';

describe('readRequestLines', () => {
  it('reads records among log fields, counts bad lines, skips blank and other entries', async () => {
    const good = requestRecord({ request_id: 'a' });
    const lines = [
      JSON.stringify({ level: 30, time: 1, msg: 'request', ...good }),
      '',
      'not json {',
      JSON.stringify([1, 2]),
      JSON.stringify({ ...good, latency_ms: 'slow' }),
      JSON.stringify({ ...good, attempt_log: [{ provider: 'x' }] }),
      JSON.stringify({ ...requestRecord({ request_id: 'b' }) }),
      JSON.stringify({ level: 40, msg: 'circuit', key: 'anthropic:claude-haiku-4-5', to: 'open' }),
    ];
    const log = await readRequestLines(lines);
    expect(log.records.map((r) => r.request_id)).toEqual(['a', 'b']);
    expect(log.badLines).toBe(4);
    expect(log.otherLines).toBe(1);
    expect(log.badExamples).toEqual([
      { line: 3, problem: 'not JSON' },
      { line: 4, problem: 'not a JSON object' },
      { line: 5, problem: '"latency_ms" is not a duration >= 0' },
      { line: 6, problem: '"attempt_log" is not a list of attempts' },
    ]);
  });

  it('keeps five examples however many lines are bad', async () => {
    const log = await readRequestLines(Array.from({ length: 12 }, () => 'garbage'));
    expect(log.badLines).toBe(12);
    expect(log.badExamples).toHaveLength(5);
  });
});

describe('readRequestLog', () => {
  it('reads a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmux-report-'));
    const path = join(dir, 'log.jsonl');
    await writeFile(path, `${JSON.stringify(requestRecord())}\n{"broken"\n`);
    const log = await readRequestLog(path);
    expect(log.records).toHaveLength(1);
    expect(log.badLines).toBe(1);
  });

  it.each([
    ['a missing file', '/nonexistent/llmux.jsonl'],
    ['a directory', tmpdir()],
  ])('says which file it cannot read: %s', async (_, path) => {
    const error = await readRequestLog(path).catch((e: unknown) => e);
    expect(LlmuxError.isInstance(error) && error.kind).toBe('not_found');
    expect((error as Error).message).toContain(`Cannot read the request log "${path}"`);
  });
});
