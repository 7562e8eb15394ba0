import { readFile } from 'node:fs/promises';

/** Another process's resident set size in MiB, from `/proc/<pid>/status`. Linux only. */
export async function processRssMiB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(status.match(/^VmRSS:\s+(\d+) kB$/m)?.[1]);
  return kib / 1024;
}
