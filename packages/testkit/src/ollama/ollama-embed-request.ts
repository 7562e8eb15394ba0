import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import { checkOllamaOptions } from './ollama-options.js';

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** The vector sizes of common embedding models in Ollama's library; others make 768. */
const sizes: Record<string, number> = {
  'nomic-embed-text': 768,
  embeddinggemma: 768,
  'mxbai-embed-large': 1024,
  'bge-m3': 1024,
  'snowflake-arctic-embed': 1024,
  'all-minilm': 384,
  'qwen3-embedding': 4096,
};

/** `nomic-embed-text:latest` → `nomic-embed-text`. */
const untagged = (model: string) => model.replace(/:[^/:]+$/, '');

/**
 * Reads a `POST /api/embed` body as Ollama's server does: `input` a text or a list of them,
 * `dimensions` to shorten the vectors, `truncate`, `keep_alive` and `options`.
 */
export function parseOllamaEmbedRequest(body: unknown, headers: IncomingHttpHeaders): SimRequest {
  if (!isObject(body)) throw invalid('invalid request body');
  if (typeof body.model !== 'string' || body.model === '') throw invalid('model is required');
  checkOllamaOptions(body.options, body.keep_alive);
  const { input } = body;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || !inputs.every((text) => typeof text === 'string')) {
    throw invalid('invalid input type');
  }
  const size = sizes[untagged(body.model)] ?? 768;
  const { dimensions = size } = body;
  if (
    !Number.isInteger(dimensions) ||
    (dimensions as number) < 1 ||
    (dimensions as number) > size
  ) {
    throw invalid(`dimensions must be between 1 and ${size}, got ${JSON.stringify(dimensions)}`);
  }
  return {
    operation: 'embed',
    model: body.model,
    stream: false,
    promptText: inputs.join('\n'),
    lastUserText: inputs.at(-1) ?? '',
    toolNames: [],
    includeUsage: true,
    embedInputs: inputs.map((text) => ({ text, dimensions: dimensions as number })),
    body,
    headers,
  };
}
