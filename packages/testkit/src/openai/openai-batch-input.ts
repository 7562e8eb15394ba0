import { isObject } from '../simulator/is-object.js';

/** An entry of a failed batch's `errors.data`. */
export interface OpenAIBatchError {
  code: string;
  message: string;
  param: string | null;
  line: number | null;
}

/** A line of the input file that passed validation: its id and the request body. */
export interface OpenAIBatchLine {
  customId: string;
  body: Record<string, unknown>;
}

const error = (code: string, message: string, param: string | null, line: number | null) => ({
  code,
  message,
  param,
  line,
});

/**
 * What is wrong with one line, or its request. `seen` holds the custom ids of the lines read
 * before, `model` the model of the first valid one.
 */
function readLine(
  text: string,
  line: number,
  context: { endpoint: string; seen: Set<string>; model: unknown },
): OpenAIBatchError | OpenAIBatchLine {
  const { endpoint, seen, model } = context;
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return error('invalid_json_line', 'This line is not parseable as valid JSON.', null, line);
  }
  if (!isObject(entry) || typeof entry.custom_id !== 'string' || entry.custom_id === '') {
    const message = `Missing required parameter: 'custom_id'.`;
    return error('missing_required_parameter', message, 'custom_id', line);
  }
  if (entry.method !== 'POST') {
    const message = `Invalid value for 'method': '${String(entry.method)}'. Supported values are: 'POST'.`;
    return error('invalid_value', message, 'method', line);
  }
  if (entry.url !== endpoint) {
    const message = `The URL provided for this request does not match the batch endpoint '${endpoint}'.`;
    return error('url_mismatch', message, 'url', line);
  }
  if (!isObject(entry.body) || typeof entry.body.model !== 'string') {
    const message = `Missing required parameter: 'body.model'.`;
    return error('missing_required_parameter', message, 'body.model', line);
  }
  if (seen.has(entry.custom_id)) {
    const message =
      'The custom_id for this request is a duplicate of another request. The custom_id parameter must be unique for each request in a batch.';
    return error('duplicate_custom_id', message, 'custom_id', line);
  }
  if (model !== undefined && entry.body.model !== model) {
    const message = `The model '${entry.body.model}' of this request does not match the model '${String(model)}' of the other requests in the batch. A batch can only include requests to a single model.`;
    return error('mismatched_model', message, 'body.model', line);
  }
  seen.add(entry.custom_id);
  return { customId: entry.custom_id, body: entry.body };
}

/**
 * Validates a batch input file as the API does while the batch is `validating`: one JSON request
 * per line, each with a unique `custom_id`, `method` POST, the batch's endpoint as `url`, and
 * one model for the whole file. Any error fails the whole batch (`errors.data`, lines from 1).
 */
export function readBatchInput(
  text: string,
  endpoint: string,
): { lines: OpenAIBatchLine[]; errors: OpenAIBatchError[] } {
  const lines: OpenAIBatchLine[] = [];
  const errors: OpenAIBatchError[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of text.split('\n').entries()) {
    if (raw.trim() === '') continue;
    const read = readLine(raw, index + 1, { endpoint, seen, model: lines[0]?.body.model });
    if ('code' in read) errors.push(read);
    else lines.push(read);
  }
  if (lines.length === 0 && errors.length === 0) {
    errors.push(error('empty_file', 'The batch input file is empty.', null, null));
  }
  return { lines, errors };
}
