import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
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

  it('writes the HTML report beside the log, or where --html says, or not with --no-html', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmux-report-'));
    const path = join(dir, 'run.jsonl');
    await writeFile(path, `${JSON.stringify(requestRecord())}\n`);
    const beside = collect();
    await runReportCommand([path], beside.out);
    expect(beside.text()).toContain(`HTML report (charts): ${join(dir, 'run.report.html')}`);
    expect(await readFile(join(dir, 'run.report.html'), 'utf8')).toContain('id="cost-by-model"');

    const chosen = join(dir, 'chosen.html');
    await runReportCommand([path, '--html', chosen], collect().out);
    expect(await readFile(chosen, 'utf8')).toContain(`Request log ${path}: 1 requests`);

    const other = join(dir, 'other.jsonl');
    await writeFile(other, `${JSON.stringify(requestRecord())}\n`);
    const none = collect();
    await runReportCommand([other, '--no-html'], none.out);
    expect(none.text()).not.toContain('HTML report');
    await expect(access(join(dir, 'other.report.html'))).rejects.toThrow();
  });

  it('names the HTML file it cannot write', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'llmux-report-'));
    const path = join(dir, 'run.jsonl');
    await writeFile(path, `${JSON.stringify(requestRecord())}\n`);
    const target = join(dir, 'missing', 'report.html');
    const error = await runReportCommand([path, '--html', target], collect().out).catch((e) => e);
    expect(LlmuxError.isInstance(error) && error.message).toContain(
      `Cannot write the HTML report "${target}"`,
    );
  });

  it.each([
    [[]],
    [['a', 'b']],
    [['--help']],
    [['a', '--html']],
    [['a', '--html', 'x', '--no-html']],
  ])('refuses arguments %j with the usage', async (args) => {
    const error = await runReportCommand(args, collect().out).catch((e: unknown) => e);
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    expect((error as Error).message).toBe(reportUsage);
  });
});
