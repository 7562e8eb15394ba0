import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LlmuxError } from '@llmux/core';
import type { Target } from './bench-targets.js';

export interface HttpLoad {
  connections: number;
  /** Completed requests per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers that were not 2xx, and connection errors. */
  failures: number;
  requests: number;
}

/** What the script prints once it has its answers: wrk stops early only on SIGINT. */
const ENOUGH = 'LLMUX_WRK_ENOUGH';
/** Stands for the question in the target's body; JSON leaves it as it is. */
const QUESTION = '@@question@@';
/** Every run asks new questions: a question asked before would be a cache hit in the gateway. */
let runs = 0;

/** A Lua string literal of `text`, with no escaping needed. */
const luaString = (text: string) => `[==[${text}]==]`;

/**
 * wrk's script: a new question in every request, stopping after `stopAfter` answers when set,
 * and the summary written as one JSON line at the end.
 */
function script(target: Target, stopAfter: number | undefined): string {
  const [before, after] = target.body(QUESTION).split(QUESTION) as [string, string];
  const headers = Object.entries({ 'content-type': 'application/json', ...target.headers })
    .map(([name, value]) => `[ ${luaString(name)} ] = ${luaString(value)}`)
    .join(', ');
  const id = `${process.pid}.${++runs}`;
  return `
local n = 0
local answered = 0
local headers = { ${headers} }
request = function()
  n = n + 1
  return wrk.format("POST", nil, headers, ${luaString(before)} .. "Is the checkout service healthy? (${id} #" .. n .. ")" .. ${luaString(after)})
end
${stopAfter === undefined ? '' : `response = function() answered = answered + 1; if answered == ${stopAfter} then wrk.thread:stop(); io.write("${ENOUGH}\\n"); io.flush() end end`}
done = function(summary, latency)
  local e = summary.errors
  io.write(string.format('LLMUX_WRK {"requests":%d,"durationUs":%d,"p50Us":%d,"p99Us":%d,"failures":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
`;
}

/** Runs wrk, interrupting it (it then prints its summary) when the script says it is done. */
function runWrk(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (chunk.includes(ENOUGH)) child.kill('SIGINT');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve(stdout)
        : reject(
            new LlmuxError({ kind: 'server_error', message: `wrk exited ${code}: ${stderr}` }),
          ),
    );
  });
}

async function wrk(
  target: Target,
  connections: number,
  options: { seconds: number; stopAfter?: number },
): Promise<HttpLoad> {
  const dir = await mkdtemp(join(tmpdir(), 'llmux-wrk-'));
  try {
    const file = join(dir, 'load.lua');
    await writeFile(file, script(target, options.stopAfter));
    // One thread: wrk's own CPU stays on one core, and in C it needs little of it.
    const args = ['-t1', `-c${connections}`, `-d${options.seconds}s`, '--timeout', '10s', '-s'];
    const stdout = await runWrk([...args, file, target.url], options.seconds * 1_000 + 30_000);
    const line = stdout.split('\n').find((l) => l.startsWith('LLMUX_WRK '));
    if (!line) throw new LlmuxError({ kind: 'server_error', message: `wrk printed:\n${stdout}` });
    const r = JSON.parse(line.slice('LLMUX_WRK '.length));
    return {
      connections,
      rps: r.requests / (r.durationUs / 1e6),
      p50Ms: r.p50Us / 1_000,
      p99Ms: r.p99Us / 1_000,
      failures: r.failures,
      requests: r.requests,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `target` under `connections` for `seconds`, after a one-second warm-up. */
export async function load(
  target: Target,
  connections: number,
  seconds: number,
  hooks: { onStart?: () => Promise<void> } = {},
) {
  // Warms up connections, JIT and (in a gateway) every worker before measuring.
  await wrk(target, connections, { seconds: 1 });
  await hooks.onStart?.();
  return wrk(target, connections, { seconds });
}

/** `requests` requests to `target` over `connections`, as fast as it answers (at most 10 minutes). */
export const loadCount = (target: Target, connections: number, requests: number) =>
  wrk(target, connections, { seconds: 600, stopAfter: requests });

/**
 * wrk, the load generator (in C: it leaves the cores to the servers measured), installed from
 * Debian's packages when missing and the bench may install them.
 */
export function ensureWrk(report: (line: string) => void): void {
  const has = () => {
    try {
      execFileSync('wrk', ['--version'], { stdio: 'ignore' });
      return true;
    } catch (error) {
      // wrk --version exits 1 after printing its version.
      return (error as { status?: number }).status === 1;
    }
  };
  if (has()) return;
  if (process.getuid?.() === 0) {
    report('installing wrk (apt-get install wrk)');
    execFileSync(
      'sh',
      ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk'],
      {
        stdio: 'ignore',
      },
    );
  }
  if (!has()) {
    throw new LlmuxError({
      kind: 'server_error',
      message: 'the bench needs wrk on PATH: install it (Debian: apt-get install wrk)',
    });
  }
}
