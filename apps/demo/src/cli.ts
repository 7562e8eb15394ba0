#!/usr/bin/env node
import { runHello } from './hello.js';

const commands: Record<string, () => Promise<void>> = {
  scenario: runHello,
};

const [command = 'scenario'] = process.argv.slice(2);
const run = commands[command];
if (!run) {
  process.stderr.write(
    `Unknown command "${command}". Commands: ${Object.keys(commands).join(', ')}\n`,
  );
  process.exit(2);
}
await run();
