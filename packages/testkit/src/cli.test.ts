import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Anthropic from '@anthropic-ai/sdk';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI is bundled on its own (core included) so the test runs the real entry without a build.
const outDir = mkdtempSync(join(tmpdir(), 'llmux-sim-'));
const cli = join(outDir, 'cli.js');
const children: ChildProcess[] = [];

beforeAll(async () => {
  await build({
    entry: { cli: 'src/cli.ts' },
    outDir,
    format: 'esm',
    noExternal: [/.*/],
    silent: true,
    config: false,
  });
}, 30_000);
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(outDir, { recursive: true, force: true });
});

const run = (args: string[]) => {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
};

const firstLine = (child: ChildProcess) =>
  new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });

const finished = (child: ChildProcess) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr!.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });

describe('llmux-sim', () => {
  it('runs an Anthropic simulator, prints its URL and serves the SDK until SIGTERM', async () => {
    const child = run(['--provider', 'anthropic', '--rpm', '1']);
    const line = await firstLine(child);
    const url = line.match(/listening on (http:\/\/127\.0\.0\.1:\d+)$/)?.[1];
    expect(url, line).toBeDefined();

    const client = new Anthropic({ baseURL: url, apiKey: 'k', maxRetries: 0 });
    const message = await client.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'from the cli' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: 'Echo: from the cli' }]);
    await expect(
      client.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 50,
        messages: [{ role: 'user', content: 'again' }],
      }),
    ).rejects.toBeInstanceOf(Anthropic.RateLimitError);

    const end = finished(child);
    child.kill('SIGTERM');
    expect((await end).code).toBe(0);
  });

  it('prints the SDK base URL where it differs from the server URL (OpenAI: /v1)', async () => {
    const child = run(['--provider', 'openai']);
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const first = (await lines.next()).value as string;
    const second = (await lines.next()).value as string;
    const url = first.match(/openai simulator listening on (http:\/\/127\.0\.0\.1:\d+)$/)?.[1];
    expect(url, first).toBeDefined();
    expect(second).toBe(`llmux-sim: SDK base URL ${url}/v1`);
    child.kill('SIGTERM');
  });

  it('refuses bad arguments with a clear message, the usage and exit code 2', async () => {
    const result = await finished(run(['--provider', 'cohere']));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--provider must be one of anthropic, openai, gemini');
    expect(result.stderr).toContain('Usage: llmux-sim');
    expect(result.stdout).toBe('');
  });

  it('prints help', async () => {
    const result = await finished(run(['--help']));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--provider <name>');
  });

  it('says so and exits 1 when the port is taken', async () => {
    const first = run(['--provider', 'anthropic']);
    const port = (await firstLine(first)).match(/:(\d+)$/)?.[1];
    const result = await finished(run(['--provider', 'anthropic', '--port', String(port)]));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/EADDRINUSE/);
  });
});
