#!/usr/bin/env node
import { LlmuxError } from '@llmux/core';
import { runServeCommand } from '@llmux/gateway';
import { runBenchCommand } from './bench/bench-command.js';
import { runReportCommand } from './report/report-command.js';
import { runScenarioCommand } from './scenario/scenario-command.js';

const commands: Record<string, (args: string[]) => Promise<void>> = {
  scenario: runScenarioCommand,
  report: runReportCommand,
  // The gateway is @llmux/gateway's (its bin: llmux-gateway); `serve` runs it, as before.
  serve: runServeCommand,
  bench: runBenchCommand,
};

const [command = 'scenario', ...args] = process.argv.slice(2);
const run = commands[command];
if (!run) {
  process.stderr.write(
    `Unknown command "${command}". Commands: ${Object.keys(commands).join(', ')}\n`,
  );
  process.exit(2);
}
try {
  await run(args);
} catch (error) {
  // A typed error is the user's to fix and says how; anything else is a bug, with its stack.
  if (!LlmuxError.isInstance(error)) throw error;
  process.stderr.write(`llmux-demo ${command}: ${error.message}\n`);
  process.exitCode = error.kind === 'invalid_request' ? 2 : 1;
}
