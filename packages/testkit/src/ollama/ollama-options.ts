import { isObject } from '../simulator/is-object.js';
import { SimulatorRequestError } from '../simulator/types.js';

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** The types of the `options` the simulator checks, as Ollama's `Options.FromMap` names them. */
const optionTypes: Record<string, 'integer' | 'float32' | 'array'> = {
  num_predict: 'integer',
  num_ctx: 'integer',
  top_k: 'integer',
  seed: 'integer',
  temperature: 'float32',
  top_p: 'float32',
  min_p: 'float32',
  repeat_penalty: 'float32',
  presence_penalty: 'float32',
  frequency_penalty: 'float32',
  stop: 'array',
};

const fits = (value: unknown, type: 'integer' | 'float32' | 'array'): boolean => {
  if (type === 'array') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  return typeof value === 'number' && (type === 'float32' || Number.isInteger(value));
};

/** A Go duration (`5m`, `1h30m`, `300ms`, `-1s`), or seconds as a number. */
const DURATION = /^-?(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/**
 * Checks `options` and `keep_alive` as Ollama's server does (a known option of the wrong type is
 * a 400 naming it; an unknown one it ignores), and returns the output limit, `num_predict` (-1
 * and -2 mean none).
 */
export function checkOllamaOptions(options: unknown, keepAlive: unknown): { numPredict?: number } {
  if (
    keepAlive !== undefined &&
    keepAlive !== null &&
    typeof keepAlive !== 'number' &&
    !(typeof keepAlive === 'string' && DURATION.test(keepAlive))
  ) {
    throw invalid(`time: invalid duration ${JSON.stringify(keepAlive)}`);
  }
  if (options === undefined || options === null) return {};
  if (!isObject(options)) throw invalid('options must be an object');
  for (const [key, type] of Object.entries(optionTypes)) {
    const value = options[key];
    if (value !== undefined && value !== null && !fits(value, type)) {
      throw invalid(
        `option "${key}" must be of type ${type === 'array' ? 'array of strings' : type}`,
      );
    }
  }
  const numPredict = options.num_predict as number | undefined;
  return numPredict !== undefined && numPredict > 0 ? { numPredict } : {};
}
