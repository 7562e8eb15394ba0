/** The parts of a V8 CPU profile (`node --cpu-prof`) that say where the time went. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  /** Microseconds since the sample before. */
  timeDeltas: number[];
}

export interface ProfileShare {
  /** A package, a part of Node.js or of V8. */
  name: string;
  /** Self time, per request served while profiled. */
  usPerRequest: number;
  /** Of the time the process was not idle. */
  share: number;
}

const nodeParts: [RegExp, string][] = [
  [/^node:internal\/deps\/undici/, 'Node.js: fetch (undici)'],
  [/^node:internal\/webstreams/, 'Node.js: web streams'],
  [/^node:(_http|http|internal\/http)/, 'Node.js: HTTP server'],
  [/^node:(net|internal\/stream_base|internal\/streams|stream)/, 'Node.js: sockets and streams'],
];

/** Node's native functions that write to a socket: their time is the system call's. */
const socketWrites = /^(write(Utf8|Latin1|Ascii|Ucs2)?String|writev|writeBuffer)$/;

/** Which package, or which part of Node.js or V8, a function belongs to. */
export function ownerOf({ functionName, url }: { functionName: string; url: string }): string {
  if (functionName === '(garbage collector)') return 'V8: garbage collection';
  if (functionName === '(program)') return 'V8 and native code outside JavaScript';
  if (url === '' && socketWrites.test(functionName)) return 'Node.js: socket writes (system calls)';
  if (url === '') return 'V8: built-ins (JSON, strings, regular expressions)';
  if (url.startsWith('node:')) {
    return nodeParts.find(([pattern]) => pattern.test(url))?.[1] ?? 'Node.js: other';
  }
  const ours = url.match(/\/(?:packages|apps)\/([^/]+)\/dist\//);
  if (ours) return `@llmux/${ours[1]}`;
  const dependency = url.match(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  return dependency ? dependency[1]! : 'other';
}

type Frame = CpuProfile['nodes'][number]['callFrame'];

/** A function, and whose it is. */
export const functionOf = (frame: Frame): string =>
  `${frame.functionName || '(anonymous)'} (${ownerOf(frame)})`;

/** Self time by owner (or by `groupOf`), largest first, per request; idle time is left out. */
export function profileShares(
  profile: CpuProfile,
  requests: number,
  groupOf: (frame: Frame) => string = ownerOf,
): ProfileShare[] {
  const owners = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const frame = owners.get(id)!;
    // In process, the inspector session that runs the profiler is sampled too: not the work's.
    if (frame.functionName === '(idle)' || frame.url === 'node:inspector') return;
    const owner = groupOf(frame);
    const us = profile.timeDeltas[i] ?? 0;
    totals.set(owner, (totals.get(owner) ?? 0) + us);
    busy += us;
  });
  return [...totals]
    .map(([name, us]) => ({ name, usPerRequest: us / requests, share: us / busy }))
    .sort((a, b) => b.usPerRequest - a.usPerRequest);
}
