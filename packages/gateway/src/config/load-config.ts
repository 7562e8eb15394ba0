import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LlmuxError } from '@llmux/core';
import type { LlmuxConfig } from './config-schema.js';
import { parseConfig } from './parse-config.js';

export interface LoadConfigOptions {
  /** Where `redis.urlEnv` is read; default `process.env`. */
  env?: Record<string, string | undefined>;
  readText?: (path: string) => Promise<string>;
  /** Where a relative `admin.keysFile` is resolved; default the configuration file's folder. */
  keysFolder?: string;
}

const invalid = (message: string, cause?: unknown) =>
  new LlmuxError({ kind: 'invalid_request', message, cause });

/** Line and column of a character offset, for a JSON syntax error a person can find. */
const lineAndColumn = (text: string, offset: number) => {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
};

/**
 * Reads, parses and checks a JSON configuration file (read once, at start). `admin.keysFile` is
 * resolved from the file's folder, or `keysFolder` (default `llmux.keys.json` there).
 */
export async function loadConfig(
  path: string,
  options: LoadConfigOptions = {},
): Promise<LlmuxConfig> {
  const { env = process.env, readText = (file) => readFile(file, 'utf8') } = options;
  let text: string;
  try {
    text = await readText(path);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    throw invalid(`Cannot read the configuration file ${path}: ${reason}`, error);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const where = position === undefined ? '' : ` at ${lineAndColumn(text, Number(position))}`;
    throw invalid(
      `The configuration file ${path} is not valid JSON${where}: ${(error as Error).message}`,
    );
  }
  const config = parseConfig(raw, env, path);
  // API keys made without Redis are kept beside the configuration.
  config.admin.keysFile = resolve(
    options.keysFolder ?? dirname(path),
    config.admin.keysFile ?? 'llmux.keys.json',
  );
  return config;
}
