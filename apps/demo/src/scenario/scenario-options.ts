import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LlmuxError } from '@llmux/core';

export interface ScenarioCommandOptions {
  seed: number;
  requests: number;
  /** Scenario time per real time; 1 with `live`. */
  speed: number;
  logPath: string;
  live: boolean;
  /** Run live without asking. */
  yes: boolean;
}

export const DEFAULT_REQUESTS = 400;
export const DEFAULT_LIVE_REQUESTS = 20;
/** Makes the default run of 400 requests take about 15 s here. */
export const DEFAULT_SPEED = 40;
/** Beyond this the stack's own time, sped up with the rest, swamps the simulated latencies. */
export const MAX_SPEED = 200;

export const scenarioUsage = `Usage: llmux-demo scenario [options]
  --seed N        workload seed (default 1): the same seed sends the same requests
  --requests N    how many requests (default ${DEFAULT_REQUESTS}; ${DEFAULT_LIVE_REQUESTS} with --live)
  --speed X       scenario time runs X times faster than real time (default ${DEFAULT_SPEED}, at most ${MAX_SPEED})
  --log PATH      request log, one JSON line per request (default: a new file in the temp dir)
  --live          call the real APIs whose key is set (ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY)
  --yes           with --live, do not ask before spending money`;

const invalid = (message: string) =>
  new LlmuxError({ kind: 'invalid_request', message: `${message}\n${scenarioUsage}` });

interface NumberRule {
  fallback: number;
  integer: boolean;
  min: number;
  max?: number;
}

function number(flag: string, text: string | undefined, rule: NumberRule) {
  if (text === undefined) return rule.fallback;
  const value = Number(text);
  const ok =
    text.trim() !== '' &&
    Number.isFinite(value) &&
    value >= rule.min &&
    value <= (rule.max ?? Number.POSITIVE_INFINITY) &&
    (!rule.integer || Number.isInteger(value));
  if (!ok) {
    const kind = rule.integer ? 'an integer' : 'a number';
    const range = rule.max === undefined ? `>= ${rule.min}` : `from ${rule.min} to ${rule.max}`;
    throw invalid(`--${flag} must be ${kind} ${range}, got "${text}"`);
  }
  return value;
}

/**
 * Reads the `scenario` command's flags. `tmpdir` and `now` name the default log file
 * (`llmux-scenario-<time>.jsonl` in the temp dir). Throws `invalid_request` naming the bad flag.
 */
export function parseScenarioArgs(
  args: string[],
  context: { tmpdir: string; now: Date },
): ScenarioCommandOptions {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const live = values.live === true;
  if (live && values.speed !== undefined) {
    throw invalid('--speed does not apply to --live: the real APIs answer in real time');
  }
  const stamp = context.now.toISOString().replace(/[:.]/g, '-');
  return {
    seed: number('seed', values.seed, { fallback: 1, integer: true, min: 0 }),
    requests: number('requests', values.requests, {
      fallback: live ? DEFAULT_LIVE_REQUESTS : DEFAULT_REQUESTS,
      integer: true,
      min: 1,
    }),
    speed: live
      ? 1
      : number('speed', values.speed, {
          fallback: DEFAULT_SPEED,
          integer: false,
          min: 0.001,
          max: MAX_SPEED,
        }),
    logPath: values.log ?? join(context.tmpdir, `llmux-scenario-${stamp}.jsonl`),
    live,
    yes: values.yes === true,
  };
}

const parse = (args: string[]) =>
  parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      seed: { type: 'string' },
      requests: { type: 'string' },
      speed: { type: 'string' },
      log: { type: 'string' },
      live: { type: 'boolean' },
      yes: { type: 'boolean' },
    },
  });
