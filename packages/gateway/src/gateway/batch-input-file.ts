import type { BatchItem } from '@llmux/batch';
import type { GenerateRequest, RoutePlan } from '@llmux/core';
import { isObject } from './body-fields.js';
import { RequestFieldError } from './request-field-error.js';
import { toGenerateRequest } from './to-generate-request.js';

/** OpenAI's limit on the requests of one batch. */
export const MAX_BATCH_LINES = 50_000;

export interface BatchInputContext {
  fileId: string;
  /** The endpoint the batch was created for: every line's `url`. */
  endpoint: string;
  tenant: string;
  /** The create call's id; line n's request is `<requestId>-<n>`. */
  requestId: string;
  resolveModel(model: string): RoutePlan | undefined;
  /** The router's plan for a line whose model is `auto`. */
  plan(request: GenerateRequest): Promise<RoutePlan>;
}

/**
 * The lines of a batch input file as batch items, each a chat completion request read as the
 * chat route reads one, on the route its model names: pinned, or the router's plan for `auto`.
 * A bad line refuses the whole file, naming the line and the field at fault.
 */
export async function toBatchItems(
  content: string,
  context: BatchInputContext,
): Promise<BatchItem[]> {
  const lines = content.split('\n').filter((line) => line.trim() !== '');
  const refuse = (problem: string, options?: { code?: string; status?: number }) =>
    new RequestFieldError('input_file_id', `Invalid input file ${context.fileId}: ${problem}`, {
      code: 'invalid_batch_file',
      ...options,
    });
  if (lines.length === 0) throw refuse('it has no requests');
  if (lines.length > MAX_BATCH_LINES) {
    throw refuse(`it has ${lines.length} requests, more than the ${MAX_BATCH_LINES} a batch takes`);
  }
  const seen = new Set<string>();
  const items: BatchItem[] = [];
  for (const [index, text] of lines.entries()) {
    const at = `line ${index + 1}`;
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      throw refuse(`${at} is not JSON`);
    }
    if (!isObject(line)) throw refuse(`${at} must be a JSON object`);
    const { custom_id: id, method, url, body } = line;
    if (typeof id !== 'string' || id === '' || seen.has(id)) {
      throw refuse(`${at}: "custom_id" must be a non-empty string, unique in the file`);
    }
    seen.add(id);
    const where = `${at} (custom_id "${id}")`;
    if (method !== 'POST') throw refuse(`${where}: "method" must be "POST"`);
    if (url !== context.endpoint) throw refuse(`${where}: "url" must be "${context.endpoint}"`);
    if (isObject(body) && body.stream === true) {
      throw refuse(`${where}: "body.stream" must be false: a batch answers whole responses`);
    }
    let request: GenerateRequest;
    try {
      ({ request } = toGenerateRequest(body, {
        tenant: context.tenant,
        requestId: `${context.requestId}-${index + 1}`,
        resolveModel: context.resolveModel,
      }));
    } catch (error) {
      if (!(error instanceof RequestFieldError)) throw error;
      throw refuse(`${where}, body: ${error.message}`, { code: error.code, status: error.status });
    }
    items.push({
      id,
      request: { ...request, route: request.route ?? (await context.plan(request)) },
    });
  }
  return items;
}
