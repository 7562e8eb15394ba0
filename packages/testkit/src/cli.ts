#!/usr/bin/env node
import { CliUsageError, cliUsage, parseCliArgs } from './simulator/cli-args.js';
import { startSimulator } from './simulator/start-simulator.js';

/** `llmux-sim`: one provider simulator, standalone, until interrupted. */
async function main(argv: string[]): Promise<number> {
  const options = parseCliArgs(argv);
  if (options === 'help') {
    process.stdout.write(`${cliUsage}\n`);
    return 0;
  }
  const sim = await startSimulator(options.provider, options);
  process.stdout.write(`llmux-sim: ${sim.provider} simulator listening on ${sim.url}\n`);
  if (sim.baseURL !== sim.url) process.stdout.write(`llmux-sim: SDK base URL ${sim.baseURL}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await sim.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof CliUsageError) {
      process.stderr.write(`llmux-sim: ${error.message}\n\n${cliUsage}\n`);
      process.exit(2);
    }
    process.stderr.write(`llmux-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
