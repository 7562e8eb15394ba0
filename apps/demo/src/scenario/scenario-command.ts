import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { defaultCatalog, LlmuxError, scaledClock, systemClock } from '@llmux/core';
import { createRequestLogger, defaultApiKeyEnv } from '@llmux/gateway';
import { confirmLiveRun } from './confirm-live-run.js';
import type { ProgressStream } from './progress.js';
import { runScenario } from './run-scenario.js';
import { parseScenarioArgs } from './scenario-options.js';
import { renderSummary } from './summary-table.js';

export interface ScenarioIo {
  stdout: { write(text: string): unknown };
  /** Progress and live-run questions. */
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
  /** Asks on a terminal; absent without one. */
  ask?: (question: string) => Promise<string>;
}

const processIo = (): ScenarioIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  ask: process.stdin.isTTY
    ? async (question) => {
        const prompt = createInterface({ input: process.stdin, output: process.stderr });
        try {
          return await prompt.question(question);
        } finally {
          prompt.close();
        }
      }
    : undefined,
});

/**
 * Starts an empty log file, so the report reads this run only. Its folder must exist (Node's
 * recursive mkdir spins forever on some paths, /proc/... among them).
 */
async function startLog(path: string): Promise<void> {
  try {
    await writeFile(path, '');
  } catch (error) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `--log: cannot write ${path}: ${(error as Error).message}`,
      cause: error,
    });
  }
}

/** `scenario [options]`: replays the incident, prints progress, the summary and the log path. */
export async function runScenarioCommand(args: string[], io: ScenarioIo = processIo()) {
  const parsed = parseScenarioArgs(args, { tmpdir: tmpdir(), now: new Date() });
  // Printed for the report command, which may run elsewhere: absolute.
  const options = { ...parsed, logPath: resolve(parsed.logPath) };
  if (options.live && !Object.values(defaultApiKeyEnv).some((name) => io.env[name])) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `--live needs at least one of ${Object.values(defaultApiKeyEnv).join(', ')} in the environment`,
    });
  }
  await startLog(options.logPath);
  const logger = createRequestLogger({ level: 'info', file: options.logPath });
  const started = performance.now();
  try {
    const run = await runScenario({
      seed: options.seed,
      requests: options.requests,
      clock: options.live ? systemClock : scaledClock(options.speed),
      live: options.live,
      env: io.env,
      observer: logger.observer,
      progress: io.stderr,
      beforeStart: options.live
        ? confirmLiveRun({ out: io.stderr, yes: options.yes, ask: io.ask })
        : undefined,
    });
    const summary = renderSummary(run, {
      catalog: defaultCatalog,
      seed: options.seed,
      speed: options.speed,
      realMs: performance.now() - started,
      logPath: options.logPath,
    });
    io.stdout.write(`\n${summary}\n`);
  } finally {
    logger.flush();
  }
}
