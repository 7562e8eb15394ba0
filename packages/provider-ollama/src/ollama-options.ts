import {
  type OptionCheck,
  optionChecks,
  type ProviderOptions,
  type ProviderOptionsSpec,
  readProviderOptions,
  type Warning,
} from '@llmux/core';

/** What `providerOptions.ollama` may hold. */
export interface OllamaProviderOptions {
  /**
   * `keep_alive`: how long the model stays loaded after the call, a duration (`'10m'`, `'1h'`) or
   * seconds; `0` unloads it at once, a negative value keeps it loaded.
   */
  keepAlive?: string | number;
  /**
   * `think`, over what `reasoning` asks for: `true`/`false`, or a level (`'low'`, `'medium'`,
   * `'high'`) for the models that take one (gpt-oss).
   */
  think?: boolean | 'low' | 'medium' | 'high';
  /** `options.num_ctx`: the context the model runs with (Ollama's default is 4,096 tokens). */
  numCtx?: number;
  /**
   * More `options`, merged last: any Modelfile parameter (`min_p`, `repeat_penalty`, `mirostat`,
   * `num_gpu`, …), by its Ollama name.
   */
  options?: Record<string, unknown>;
}

const { boolean, number, object, oneOf, string } = optionChecks;

const spec: ProviderOptionsSpec = {
  keepAlive: [
    (value) => string(value) || number(value),
    'a duration string or a number of seconds',
  ],
  think: [
    ((value) => boolean(value) || oneOf('low', 'medium', 'high')(value)) as OptionCheck,
    'a boolean or one of low, medium, high',
  ],
  numCtx: [(value) => Number.isInteger(value) && (value as number) > 0, 'a positive integer'],
  options: [object, 'an object of Ollama model options'],
};

export interface ParsedOllamaOptions {
  options: OllamaProviderOptions;
  warnings: Warning[];
}

/**
 * Reads `providerOptions[namespace]` with core's `readProviderOptions`: a known option of the
 * wrong type is an `invalid_request` naming it; an unknown one a warning.
 */
export function parseOllamaOptions(
  providerOptions: ProviderOptions | undefined,
  namespace: string,
): ParsedOllamaOptions {
  const read = readProviderOptions(providerOptions, namespace, spec);
  return { options: read.options as OllamaProviderOptions, warnings: read.warnings };
}
