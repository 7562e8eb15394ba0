import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, type SimRoute, SimulatorRequestError } from '../simulator/types.js';

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** Requests one `batchEmbedContents` call takes (the API's observed limit). */
export const GEMINI_MAX_EMBED_REQUESTS = 100;

/** The largest vector each model makes, and its default (`outputDimensionality` shortens it). */
const maxDimensions: Record<string, number> = {
  'gemini-embedding-001': 3072,
  'gemini-embedding-2': 3072,
  'text-embedding-004': 768,
};

const taskTypes = [
  'TASK_TYPE_UNSPECIFIED',
  'RETRIEVAL_QUERY',
  'RETRIEVAL_DOCUMENT',
  'SEMANTIC_SIMILARITY',
  'CLASSIFICATION',
  'CLUSTERING',
  'QUESTION_ANSWERING',
  'FACT_VERIFICATION',
  'CODE_RETRIEVAL_QUERY',
];

/** One `EmbedContentRequest`: its text and the size of its vector. `path` names it in errors. */
function readEmbedRequest(request: unknown, path: string, model: string) {
  if (!isObject(request)) throw invalid(`Invalid value at '${path}', ${JSON.stringify(request)}`);
  const parts =
    isObject(request.content) && Array.isArray(request.content.parts) ? request.content.parts : [];
  const text = parts
    .map((part) => (isObject(part) && typeof part.text === 'string' ? part.text : ''))
    .join('');
  if (text === '') {
    throw invalid(`* ${path}.content.parts: contents.parts must not be empty.\n`);
  }
  const { taskType, outputDimensionality } = request;
  if (taskType !== undefined && !taskTypes.includes(String(taskType))) {
    throw invalid(
      `Invalid value at '${path}.task_type' (type.googleapis.com/google.ai.generativelanguage.v1beta.TaskType), ${JSON.stringify(taskType)}`,
    );
  }
  const max = maxDimensions[model] ?? 3072;
  if (outputDimensionality === undefined) return { text, dimensions: max };
  if (
    typeof outputDimensionality !== 'number' ||
    !Number.isInteger(outputDimensionality) ||
    outputDimensionality < 1 ||
    outputDimensionality > max
  ) {
    throw invalid(
      `* ${path}.output_dimensionality: Output dimensionality must be between 1 and ${max}, got ${JSON.stringify(outputDimensionality)}.\n`,
    );
  }
  return { text, dimensions: outputDimensionality };
}

/**
 * Reads an `embedContent` body (one `EmbedContentRequest`) or a `batchEmbedContents` body
 * (`requests`, at most 100, each naming the model of the path), refusing what the real API
 * refuses, with its wording.
 */
export function parseGeminiEmbedRequest(
  body: unknown,
  route: SimRoute,
  headers: IncomingHttpHeaders,
): SimRequest {
  if (!isObject(body)) throw invalid('Invalid JSON payload received. Expected an object.');
  const model = route.model ?? '';
  let embedInputs: Array<{ text: string; dimensions: number }>;
  if (route.method === 'batchEmbedContents') {
    const { requests } = body;
    if (!Array.isArray(requests) || requests.length === 0) {
      throw invalid('* BatchEmbedContentsRequest.requests: requests is not specified\n');
    }
    if (requests.length > GEMINI_MAX_EMBED_REQUESTS) {
      throw invalid(
        `* BatchEmbedContentsRequest.requests: at most ${GEMINI_MAX_EMBED_REQUESTS} requests can be in one batch\n`,
      );
    }
    embedInputs = requests.map((request, i) => {
      const path = `BatchEmbedContentsRequest.requests[${i}]`;
      if (isObject(request) && request.model !== `models/${model}`) {
        throw invalid(
          `* ${path}.model: the model in each request must match the model of the batch, models/${model}\n`,
        );
      }
      return readEmbedRequest(request, path, model);
    });
  } else {
    embedInputs = [readEmbedRequest(body, 'EmbedContentRequest', model)];
  }
  const texts = embedInputs.map(({ text }) => text);
  return {
    operation: 'embed',
    model,
    stream: false,
    promptText: texts.join('\n'),
    lastUserText: texts.at(-1) ?? '',
    toolNames: [],
    includeUsage: true,
    embedInputs,
    body,
    headers,
  };
}
