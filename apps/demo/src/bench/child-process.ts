import { type ChildProcess, spawn } from 'node:child_process';
import { LlmuxError } from '@llmux/core';

export interface RunningChild {
  /** The first match of `ready` in its output. */
  match: RegExpMatchArray;
  /** Its process id, to read its CPU time. */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` and waits until a line of its output matches `ready` (a server saying
 * where it listens). Fails with the output so far when it exits first or takes over `timeoutMs`.
 */
export function startNodeChild(
  args: string[],
  ready: RegExp,
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunningChild> {
  const child: ChildProcess = spawn(process.execPath, args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // A bench that ends any other way (an error, Ctrl-C) leaves no server behind.
  const orphanGuard = () => child.kill('SIGTERM');
  process.once('exit', orphanGuard);
  const stop = () =>
    new Promise<void>((resolve) => {
      process.off('exit', orphanGuard);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => fail(`exited with ${code}`);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.off('exit', onExit);
      void stop();
      reject(
        new LlmuxError({
          kind: 'server_error',
          message: `node ${args.join(' ')} ${why}; its output:\n${output}`,
        }),
      );
    };
    const timer = setTimeout(() => fail('did not start in time'), options.timeoutMs ?? 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(ready);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      // Keep draining its output so a chatty child never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
      resolve({ match, pid: child.pid!, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}
