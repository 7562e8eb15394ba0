import { parseArgs } from 'node:util';
import type { SimulatorBehavior } from './behavior.js';
import { builtInProviders } from './dialects.js';
import type { ProviderName } from './types.js';

export const cliUsage = `Usage: llmux-sim --provider ${builtInProviders.join('|')} [options]

Runs one provider simulator on loopback and prints the URL it listens on.

Options:
  --provider <name>      ${builtInProviders.join(', ')} (required)
  --port <n>             port to listen on; default 0, a free port
  --host <address>       address to listen on; default 127.0.0.1
  --latency <ms>         delay before every answer
  --rpm <n>              requests-per-minute limit, answered with 429 beyond it
  --tpm <n>              tokens-per-minute limit, answered with 429 beyond it
  --require-api-key      answer 401 to calls without the provider's key header
  -h, --help             show this help`;

export interface CliOptions {
  provider: ProviderName;
  port: number;
  host: string;
  behavior: Partial<SimulatorBehavior>;
}

/** A command line the simulator cannot run with; the message says what is wrong. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

const integer = (flag: string, value: string | undefined, min: number, max: number) => {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new CliUsageError(`--${flag} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return number;
};

/** Reads `llmux-sim` arguments; `help` when asked for help, otherwise the options to run with. */
export function parseCliArgs(argv: string[]): CliOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        provider: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        rpm: { type: 'string' },
        tpm: { type: 'string' },
        'require-api-key': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const provider = values.provider as string | undefined;
  if (provider === undefined) throw new CliUsageError('--provider is required');
  if (!builtInProviders.includes(provider)) {
    throw new CliUsageError(
      `--provider must be one of ${builtInProviders.join(', ')}, got "${provider}"`,
    );
  }
  const str = (name: string) => values[name] as string | undefined;
  const latencyMs = integer('latency', str('latency'), 0, 600_000);
  const requestsPerMinute = integer('rpm', str('rpm'), 1, Number.MAX_SAFE_INTEGER);
  const tokensPerMinute = integer('tpm', str('tpm'), 1, Number.MAX_SAFE_INTEGER);
  return {
    provider,
    port: integer('port', str('port'), 0, 65_535) ?? 0,
    host: str('host') ?? '127.0.0.1',
    behavior: {
      ...(latencyMs === undefined ? {} : { latencyMs }),
      limits: { requestsPerMinute, tokensPerMinute },
      requireApiKey: values['require-api-key'] === true,
    },
  };
}
