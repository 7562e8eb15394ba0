import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { reportUsage, runReportCommand } from './report-command.js';
import { requestRecord } from './test-records.js';

const collect = () => {
  const chunks: string[] = [];
  return { out: { write: (text: string) => chunks.push(text) }, text: () => chunks.join('') };
};

describe('runReportCommand', () => {
  it('prints the report of a log file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmux-report-'));
    const path = join(dir, 'log.jsonl');
    await writeFile(path, `${JSON.stringify(requestRecord())}\n`);
    const { out, text } = collect();
    await runReportCommand([path], out);
    expect(text()).toContain(`Request log ${path}: 1 requests`);
  });

  it.each([[[]], [['a', 'b']], [['--help']]])(
    'refuses arguments %j with the usage',
    async (args) => {
      const error = await runReportCommand(args, collect().out).catch((e: unknown) => e);
      expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
      expect((error as Error).message).toBe(reportUsage);
    },
  );
});
