import type { BatchJob, BatchOutcome } from '@llmux/batch';
import type { FileObject } from './file-store.js';
import { llmuxSummary } from './llmux-summary.js';
import { toErrorReply } from './openai-errors.js';
import { toChatCompletion } from './to-chat-completion.js';

export type BatchFileKind = 'output' | 'errors';

/** A batch's output or error file: made from its results when asked for, so never stored. */
export const batchFileId = (jobId: string, kind: BatchFileKind) => `file-${jobId}-${kind}`;

/** The batch and kind of a batch file id; undefined for any other id. */
export function parseBatchFileId(id: string): { jobId: string; kind: BatchFileKind } | undefined {
  const match = /^file-(batch_[\w-]+)-(output|errors)$/.exec(id);
  return match ? { jobId: match[1]!, kind: match[2] as BatchFileKind } : undefined;
}

const seconds = (ms: number) => Math.floor(ms / 1000);

/** One line of an output or error file. */
interface BatchFileLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: unknown } | null;
  error: { code: string; message: string } | null;
}

/**
 * A batch file's lines, as OpenAI writes them: each answered request in the output file, with its
 * `chat.completion` (and the `llmux` summary: where it ran, at what cost); each failed one in the
 * error file, with the error reply the chat route would have given (`batch_cancelled` for one the
 * cancel stopped).
 */
export function batchFileContent(
  job: BatchJob,
  outcomes: BatchOutcome[],
  kind: BatchFileKind,
  scrub: (text: string) => string,
): string {
  const created = seconds(job.endedAt ?? job.createdAt);
  const lines = outcomes.flatMap((outcome, index): BatchFileLine[] => {
    if (outcome.ok !== (kind === 'output')) return [];
    const line = {
      id: `batch_req_${job.id.slice('batch_'.length)}_${index}`,
      custom_id: outcome.id,
    };
    const requestId = `${job.id}:${outcome.id}`;
    if (outcome.ok) {
      const summary = llmuxSummary(requestId, outcome.response);
      const body = toChatCompletion(outcome.response, summary, created);
      return [
        { ...line, response: { status_code: 200, request_id: requestId, body }, error: null },
      ];
    }
    if (outcome.error.kind === 'cancelled') {
      const message = 'The batch was cancelled before this request was answered';
      return [{ ...line, response: null, error: { code: 'batch_cancelled', message } }];
    }
    const reply = toErrorReply(outcome.error, scrub);
    const response = { status_code: reply.status, request_id: requestId, body: reply.body };
    return [{ ...line, response, error: null }];
  });
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}

/** The Files API's description of a batch file. */
export function batchFileObject(job: BatchJob, kind: BatchFileKind, content: string): FileObject {
  return {
    id: batchFileId(job.id, kind),
    object: 'file',
    bytes: Buffer.byteLength(content),
    created_at: seconds(job.endedAt ?? job.createdAt),
    expires_at: seconds(job.expiresAt),
    filename: `${job.id}_${kind}.jsonl`,
    purpose: 'batch_output',
    status: 'processed',
    status_details: null,
  };
}
