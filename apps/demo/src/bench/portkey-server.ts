import { createRequire } from 'node:module';
import { join } from 'node:path';
import { BENCH_ANTHROPIC_KEY } from './bench-config.js';
import { freePort, type SimulatorProcess, untilReady } from './bench-servers.js';
import type { Target } from './bench-targets.js';
import { startNodeChild } from './child-process.js';

export interface PortkeyProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Portkey's open-source gateway (`@portkey-ai/gateway`, pinned), one process as its bin runs it. */
export async function startPortkeyProcess(): Promise<PortkeyProcess> {
  const pkg = createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json');
  const port = await freePort();
  const child = await startNodeChild(
    [join(pkg, '..', 'build', 'start-server.js'), `--port=${port}`, '--headless'],
    /Ready for connections/,
    { env: { ...process.env, NODE_ENV: 'production' } },
  );
  const url = `http://127.0.0.1:${port}`;
  await untilReady(url);
  return { url, pid: child.pid, stop: child.stop };
}

/**
 * The same OpenAI chat completion the llmux gateway gets, to Portkey, told by its headers to
 * translate it for Anthropic and send it to the bench's simulator: the same work, the same mock.
 */
export const portkeyTarget = (portkey: PortkeyProcess, simulator: SimulatorProcess): Target => ({
  url: `${portkey.url}/v1/chat/completions`,
  headers: {
    'x-portkey-provider': 'anthropic',
    'x-portkey-custom-host': `${simulator.url}/v1`,
    authorization: `Bearer ${BENCH_ANTHROPIC_KEY}`,
  },
  body: (question) =>
    JSON.stringify({
      model: 'claude-haiku-4-5',
      max_tokens: 64,
      temperature: 0,
      messages: [{ role: 'user', content: question }],
    }),
});
