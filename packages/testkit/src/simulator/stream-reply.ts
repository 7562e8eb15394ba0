import type { ServerResponse } from 'node:http';
import { drawDuration } from './behavior.js';
import type { BodyWriter } from './body-writer.js';
import type { SimulatorContext } from './context.js';
import { defaultErrorMessage, type Fault } from './faults.js';
import { sseFraming } from './framing.js';
import type { ResolvedReply, SimRequest, StreamFrame } from './types.js';
import { wait } from './wait.js';

/** Faults that strike in the answer itself rather than instead of it. */
export type LateFault = Extract<
  Fault,
  { type: 'cut-stream' | 'stream-error' | 'malformed' | 'rechunk' }
>;

const lateFaults = new Set<Fault['type']>(['cut-stream', 'stream-error', 'malformed', 'rechunk']);

export const isLateFault = (fault: Fault | undefined): fault is LateFault =>
  fault !== undefined && lateFaults.has(fault.type);

/** A late fault that takes the place of part of a stream (a `rechunk` delivers all of it). */
type StreamFault = Extract<LateFault, { type: 'cut-stream' | 'stream-error' }>;

/**
 * Where a stream fault strikes: before content frame number `afterFrames`, or, when the answer
 * has fewer content frames, right after the last one (before the closing frames).
 */
function faultIndex(frames: StreamFrame[], afterFrames: number): number {
  let seen = 0;
  let afterLastContent = Math.min(1, frames.length);
  for (const [index, frame] of frames.entries()) {
    if (!frame.content) continue;
    if (seen === afterFrames) return index;
    seen++;
    afterLastContent = index + 1;
  }
  return afterLastContent;
}

/**
 * Streams a reply in the dialect's framing (server-sent events unless it declares another): the
 * time to first token before the first content frame, the chunk interval between content frames,
 * and a stream fault where it strikes. Bytes go through `out`, which a `rechunk` fault cuts small.
 */
export async function streamReply(
  context: SimulatorContext,
  response: ServerResponse,
  call: { request: SimRequest; reply: ResolvedReply; headers: Record<string, string> },
  fault: LateFault | undefined,
  out: BodyWriter,
  signal: AbortSignal,
): Promise<void> {
  const { dialect, clock, random } = context;
  const framing = dialect.framing ?? sseFraming;
  response.writeHead(200, {
    'content-type': framing.contentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...call.headers,
  });
  const frames = dialect.streamFrames(call.reply, call.request);
  if (framing.open !== undefined) await out.write(framing.open);
  if (fault?.type === 'malformed') {
    await out.end(framing.encode({ event: frames[0]?.event, data: '{"type": "message_st' }, 0));
    return;
  }
  const streamFault = fault?.type === 'rechunk' ? undefined : (fault as StreamFault | undefined);
  const strikeAt = streamFault ? faultIndex(frames, streamFault.afterFrames ?? 0) : -1;
  const close = async (index: number, last?: StreamFrame) => {
    if (last) await out.write(framing.encode(last, index));
    await out.end(framing.close);
  };
  let contentSent = 0;
  for (const [index, frame] of frames.entries()) {
    if (index === strikeAt && streamFault) {
      if (streamFault.type === 'cut-stream') {
        // After the frames sent so far reach the client, without ending the chunked body.
        response.socket?.destroySoon();
        return;
      }
      const status = streamFault.status ?? dialect.overloadedStatus ?? 503;
      const message = streamFault.message ?? defaultErrorMessage(status);
      return close(index, dialect.streamErrorFrame(status, message));
    }
    if (frame.content) {
      const { behavior } = context;
      const pause =
        contentSent === 0
          ? drawDuration(behavior.timeToFirstTokenMs, random)
          : behavior.chunkIntervalMs;
      if (!(await wait(clock, pause, signal))) return;
      contentSent++;
    }
    await out.write(framing.encode(frame, index));
  }
  return close(frames.length, dialect.doneFrame);
}
