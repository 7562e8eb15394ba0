import { parseArgs } from 'node:util';
import { LlmuxError } from '@llmux/core';

export interface ServeOptions {
  /** The configuration file; undefined for the default lookup. */
  configPath?: string;
  live: boolean;
  port?: number;
  /** Overrides `gateway.workers`. */
  workers?: number | 'auto';
}

export const serveUsage = `Usage: llmux-gateway [options]
  --config PATH   configuration file (default: ./llmux.config.json, else the package's example)
  --live          call the real APIs whose key is set (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY)
  --port N        listen on this port instead of gateway.port
  --workers N     worker processes, or "auto" for one per core (default gateway.workers)
  --help          show this`;

const invalid = (message: string) =>
  new LlmuxError({ kind: 'invalid_request', message: `${message}\n${serveUsage}` });

function integer(flag: string, text: string | undefined, min: number, max: number) {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalid(`--${flag} must be an integer from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export function parseServeArgs(args: string[]): ServeOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        config: { type: 'string' },
        live: { type: 'boolean', default: false },
        port: { type: 'string' },
        workers: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const workers = values.workers as string | undefined;
  return {
    configPath: values.config as string | undefined,
    live: values.live === true,
    port: integer('port', values.port as string | undefined, 0, 65_535),
    workers: workers === 'auto' ? 'auto' : integer('workers', workers, 1, 256),
  };
}
