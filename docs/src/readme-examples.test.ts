import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { type Simulator, startSimulator } from '@llmux/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MarkdownExample, markdownExamples } from './markdown-examples.js';

/**
 * The README examples marked `<!-- example: name -->`, written out as files, type-checked with tsc
 * against the built packages (as a user's install sees them) and run with Node's type stripping,
 * as the READMEs tell users to run them. Each must print exactly what is expected here.
 */
const run = promisify(execFile);
const repo = new URL('../../', import.meta.url);
const outDir = new URL('../.examples/', import.meta.url);

let openaiApi: Simulator;

interface Expectation {
  /** The Markdown file, from the repository root. */
  file: string;
  name: string;
  /** Every line the example prints, in order. */
  stdout: string[];
  /** Variables beyond the environment every example runs in, which holds no provider key. */
  env?: () => Record<string, string>;
}

const composeInMemory = [
  'anthropic Echo: Is checkout up?',
  'openai anthropic:error anthropic:error openai:success',
  'true 0',
];

const expectations: Expectation[] = [
  { file: 'README.md', name: 'compose-in-memory', stdout: composeInMemory },
  { file: 'packages/failover/README.md', name: 'compose-in-memory', stdout: composeInMemory },
  {
    file: 'packages/cache/README.md',
    name: 'memory-cache',
    stdout: ['true 0 true', 'miss store hit'],
    // Written for the real API: the SDK reads its base URL and key from the environment.
    env: () => ({ OPENAI_BASE_URL: openaiApi.baseURL, OPENAI_API_KEY: 'sk-simulator' }),
  },
  {
    file: 'packages/tokenizer-tiktoken/README.md',
    name: 'exact-counts',
    stdout: ['4', '8', '5', 'undefined'],
    // Counting makes no call, but createOpenAI wants a key.
    env: () => ({ OPENAI_API_KEY: 'sk-unused' }),
  },
  {
    file: 'packages/transport/README.md',
    name: 'transport-fetch',
    stdout: ['stop'],
    env: () => ({ OPENAI_BASE_URL: openaiApi.baseURL, OPENAI_API_KEY: 'sk-simulator' }),
  },
];

/** Every Markdown file a user reads: the root's, the packages', the apps' and docs/. */
async function markdownFiles(): Promise<string[]> {
  const files = ['README.md'];
  for (const folder of ['packages', 'apps']) {
    for (const entry of await readdir(new URL(`${folder}/`, repo), { withFileTypes: true })) {
      if (entry.isDirectory()) files.push(`${folder}/${entry.name}/README.md`);
    }
  }
  for (const entry of await readdir(new URL('docs/', repo))) {
    if (entry.endsWith('.md')) files.push(`docs/${entry}`);
  }
  return files;
}

const found: Array<MarkdownExample & { file: string; path: string }> = [];
const fileNameOf = (file: string, name: string) =>
  `${file.replace(/\.md$/, '').replaceAll('/', '-')}--${name}.mts`;

// No key of the machine running the tests may reach an example.
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(([key]) => !/_API_KEY$|_BASE_URL$/.test(key)),
);

beforeAll(async () => {
  openaiApi = await startSimulator('openai');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  for (const file of await markdownFiles()) {
    const text = await readFile(new URL(file, repo), 'utf8').catch(() => undefined);
    for (const example of markdownExamples(text ?? '')) {
      const path = new URL(fileNameOf(file, example.name), outDir).pathname;
      await writeFile(path, example.code);
      found.push({ ...example, file, path });
    }
  }
  // Strict, and only syntax that Node's type stripping can run.
  const compilerOptions = {
    target: 'ES2023',
    lib: ['ES2023'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    noEmit: true,
    verbatimModuleSyntax: true,
    erasableSyntaxOnly: true,
  };
  await writeFile(
    new URL('tsconfig.json', outDir),
    JSON.stringify({ compilerOptions, include: ['*.mts'] }),
  );
});

afterAll(() => openaiApi?.close());

describe('README examples', () => {
  it('knows what each marked example prints, and finds each one it knows', () => {
    const key = (e: { file: string; name: string }) => `${e.file} ${e.name}`;
    expect(found.map(key).sort()).toEqual(expectations.map(key).sort());
  });

  it('type-check against the built packages', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const checked = await run(process.execPath, [tsc, '-p', outDir.pathname], {
      timeout: 50_000,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }));
    expect(checked.stdout).toBe('');
  });

  it.each(expectations)('$file $name runs and prints what it says', async (expected) => {
    const example = found.find((e) => e.file === expected.file && e.name === expected.name);
    expect(example, `no example "${expected.name}" in ${expected.file}`).toBeDefined();
    const { stdout } = await run(process.execPath, ['--experimental-strip-types', example!.path], {
      env: { ...cleanEnv, ...expected.env?.() },
      timeout: 30_000,
    });
    expect(stdout.trimEnd().split('\n')).toEqual(expected.stdout);
  });
});
