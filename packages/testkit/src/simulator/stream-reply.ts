import type { ServerResponse } from 'node:http';
import { drawDuration } from './behavior.js';
import type { SimulatorContext } from './context.js';
import { defaultErrorMessage, type Fault } from './faults.js';
import { encodeSseFrame } from './sse.js';
import type { ResolvedReply, SimRequest, SseFrame } from './types.js';
import { wait } from './wait.js';

/** Faults that strike in the answer itself rather than instead of it. */
export type LateFault = Extract<Fault, { type: 'cut-stream' | 'stream-error' | 'malformed' }>;

export const isLateFault = (fault: Fault | undefined): fault is LateFault =>
  fault?.type === 'cut-stream' || fault?.type === 'stream-error' || fault?.type === 'malformed';

/**
 * Where a stream fault strikes: before content frame number `afterFrames`, or, when the answer
 * has fewer content frames, right after the last one (before the closing frames).
 */
function faultIndex(frames: SseFrame[], afterFrames: number): number {
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
 * Streams a reply as server-sent events: the time to first token before the first content
 * frame, the chunk interval between content frames, and a stream fault where it strikes.
 */
export async function streamReply(
  context: SimulatorContext,
  response: ServerResponse,
  request: SimRequest,
  reply: ResolvedReply,
  headers: Record<string, string>,
  fault: LateFault | undefined,
  signal: AbortSignal,
): Promise<void> {
  const { dialect, clock, random } = context;
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...headers,
  });
  const frames = dialect.streamFrames(reply, request);
  if (fault?.type === 'malformed') {
    response.end(encodeSseFrame({ event: frames[0]?.event, data: '{"type": "message_st' }));
    return;
  }
  const strikeAt = fault ? faultIndex(frames, fault.afterFrames ?? 0) : -1;
  let contentSent = 0;
  for (const [index, frame] of frames.entries()) {
    if (index === strikeAt && fault) {
      if (fault.type === 'cut-stream') {
        // After the frames sent so far reach the client, without ending the chunked body.
        response.socket?.destroySoon();
        return;
      }
      const status = fault.status ?? dialect.overloadedStatus ?? 503;
      const message = fault.message ?? defaultErrorMessage(status);
      response.end(encodeSseFrame(dialect.streamErrorFrame(status, message)));
      return;
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
    response.write(encodeSseFrame(frame));
  }
  response.end(dialect.doneFrame ? encodeSseFrame(dialect.doneFrame) : undefined);
}
