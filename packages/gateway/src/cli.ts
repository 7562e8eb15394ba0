#!/usr/bin/env node
import { LlmuxError } from '@llmux/core';
import { runServeCommand } from './gateway/serve-command.js';
import { serveUsage } from './gateway/serve-options.js';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(`${serveUsage}\n`);
} else {
  try {
    await runServeCommand(args);
  } catch (error) {
    // A typed error is the user's to fix and says how; anything else is a bug, with its stack.
    if (!LlmuxError.isInstance(error)) throw error;
    process.stderr.write(`llmux-gateway: ${error.message}\n`);
    process.exitCode = error.kind === 'invalid_request' ? 2 : 1;
  }
}
