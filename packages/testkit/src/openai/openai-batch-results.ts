import type { SimFile } from '../simulator/batch-store.js';
import type { BatchView } from '../simulator/batch-timeline.js';
import type { SimulatorContext } from '../simulator/context.js';
import { HEX, randomChars } from '../simulator/random-chars.js';
import type { OpenAIBatch } from './openai-batch-object.js';
import { openaiErrorBody } from './openai-error-body.js';
import { newFileId } from './openai-files.js';
import { completionBody } from './openai-response.js';

/** Why a request that never ran has no response (fixtures/batch/openai-batch-errors.jsonl). */
const notRun = {
  expired: {
    code: 'batch_expired',
    message: 'This request could not be executed before the completion window expired.',
  },
  canceled: {
    code: 'batch_cancelled',
    message: 'This request was not executed because the batch was cancelled.',
  },
};

const toJsonl = (lines: unknown[]) => lines.map((line) => `${JSON.stringify(line)}\n`).join('');

/**
 * Writes an ended batch's result files: the output file, a line per answered request
 * (`response.status_code` 200 and the chat completion), and the error file, a line per refused
 * request (its status and error body) and per request that never ran (`error` with
 * `batch_expired` or `batch_cancelled`). A file is written only when it has lines.
 */
export function writeBatchResults(
  batch: OpenAIBatch,
  view: BatchView,
  context: SimulatorContext,
): void {
  const output: unknown[] = [];
  const errors: unknown[] = [];
  view.items.forEach((state, index) => {
    const item = batch.items[index];
    if (!item || state === 'pending') return;
    const line = (response: unknown, error: unknown) => ({
      id: `batch_req_${randomChars(HEX, 32)}`,
      custom_id: batch.data.customIds[index],
      response,
      error,
    });
    const requestId = context.newId('request');
    if (state === 'expired' || state === 'canceled') errors.push(line(null, notRun[state]));
    else if (item.outcome.ok) {
      const body = completionBody(item.outcome.reply, Math.floor(item.doneAt / 1000));
      output.push(line({ status_code: 200, request_id: requestId, body }, null));
    } else {
      const { status, message } = item.outcome;
      const body = openaiErrorBody(status, message);
      errors.push(line({ status_code: status, request_id: requestId, body }, null));
    }
  });
  const write = (lines: unknown[], kind: 'output' | 'error'): string | undefined => {
    if (lines.length === 0) return undefined;
    const file: SimFile = {
      id: newFileId(),
      filename: `batch_${batch.id}_${kind}.jsonl`,
      purpose: 'batch_output',
      mimeType: 'application/jsonl',
      bytes: Buffer.from(toJsonl(lines)),
      createdAt: view.endedAt ?? context.clock.now(),
    };
    context.batches.files.set(file.id, file);
    return file.id;
  };
  batch.data.outputFileId = write(output, 'output');
  batch.data.errorFileId = write(errors, 'error');
}
