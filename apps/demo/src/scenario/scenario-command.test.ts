import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmuxError } from '@llmux/core';
import { describe, expect, it } from 'vitest';
import { readRequestLines } from '../report/read-request-log.js';
import { runScenarioCommand, type ScenarioIo } from './scenario-command.js';

const collectingIo = (env: ScenarioIo['env'] = {}, ask?: ScenarioIo['ask']) => {
  const out: string[] = [];
  const err: string[] = [];
  const io: ScenarioIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text), isTTY: false },
    env,
    ask,
  };
  return { io, out: () => out.join(''), err: () => err.join('') };
};

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('runScenarioCommand', () => {
  it('runs, prints progress and the summary, and writes the request log the report reads', async () => {
    const log = join(await mkdtemp(join(tmpdir(), 'llmux-scenario-')), 'run.jsonl');
    const { io, out, err } = collectingIo();
    await runScenarioCommand(['--requests', '30', '--speed', '100', '--log', log], io);
    expect(err()).toContain('scenario: 30/30 requests, 100%\n');
    const summary = out();
    expect(summary).toContain('llmux incident-response scenario: 30 requests (seed 1)');
    expect(summary).toMatch(/\ntotal\s+30\s+0\s/);
    expect(summary).toContain(`request log ${log}`);

    const parsed = await readRequestLines((await readFile(log, 'utf8')).split('\n'));
    expect(parsed.records).toHaveLength(30);
    expect(parsed.badLines).toBe(0);
    const cost = parsed.records.reduce((usd, r) => usd + r.cost_usd, 0);
    const printed = /cost {8}\$([\d.]+) with llmux/.exec(summary)?.[1];
    expect(Number(printed)).toBeCloseTo(cost, 4);
  }, 20_000);

  it('names --log when it cannot write the log', async () => {
    const log = join(tmpdir(), 'llmux-no-such-folder', 'run.jsonl');
    const error = await failureOf(runScenarioCommand(['--log', log], collectingIo().io));
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    expect((error as Error).message).toContain(`--log: cannot write ${log}`);
  });

  it('refuses --live without an API key', async () => {
    const error = await failureOf(runScenarioCommand(['--live'], collectingIo().io));
    expect(LlmuxError.isInstance(error) && error.kind).toBe('invalid_request');
    expect((error as Error).message).toContain('ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY');
  });

  it('says what a live run costs and sends nothing unless confirmed', async () => {
    const log = join(await mkdtemp(join(tmpdir(), 'llmux-scenario-')), 'live.jsonl');
    const env = { ANTHROPIC_API_KEY: 'sk-ant-not-a-real-key' };
    const asked: string[] = [];
    const { io, err } = collectingIo(env, async (question) => {
      asked.push(question);
      return 'n';
    });
    const error = await failureOf(runScenarioCommand(['--live', '--log', log], io));
    expect(LlmuxError.isInstance(error) && error.kind).toBe('cancelled');
    expect(asked).toEqual(['Proceed? [y/N] ']);
    expect(err()).toMatch(
      /^Live run: anthropic called for real \(openai, gemini on simulators\)\. \d+ of 20 requests are planned to a live model first: about \$[\d.]+, at most \$[\d.]+ at published prices/,
    );
    expect(err()).not.toContain('sk-ant');
    expect(await readFile(log, 'utf8')).toBe('');

    const noTerminal = collectingIo(env);
    const refused = await failureOf(runScenarioCommand(['--live', '--log', log], noTerminal.io));
    expect((refused as Error).message).toContain('add --yes');
  });
});
