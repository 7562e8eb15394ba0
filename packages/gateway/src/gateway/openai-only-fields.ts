import { unsupportedSetting, type Warning } from '@llmux/core';
import {
  booleanField,
  checkedObject,
  type FieldCheck,
  isObject,
  type Json,
  objectField,
  oneOfField,
  stringField,
} from './body-fields.js';
import { badField } from './request-field-error.js';

/** `metadata` keys llmux reads itself (see `steering`); the others are OpenAI's. */
const steeringKeys = new Set(['task', 'tags']);

function logitBias(value: unknown): Record<string, number> | undefined {
  const bias = objectField(value, 'logit_bias');
  if (!bias) return undefined;
  for (const [token, weight] of Object.entries(bias)) {
    if (!/^\d+$/.test(token)) throw badField(`logit_bias.${token}`, 'keys must be token ids');
    if (typeof weight !== 'number' || !(weight >= -100 && weight <= 100)) {
      throw badField(`logit_bias.${token}`, 'must be a number from -100 to 100');
    }
  }
  return bias as Record<string, number>;
}

/** The `metadata` OpenAI stores with a completion: string values, and only with `store: true`. */
function storedMetadata(value: unknown, store: boolean): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value).filter(([key]) => !steeringKeys.has(key));
  if (entries.length === 0) return undefined;
  for (const [key, text] of entries) {
    if (!store) {
      throw badField(
        `metadata.${key}`,
        'llmux reads task and tags; other keys are stored by OpenAI with the completion, which needs store: true',
      );
    }
    if (typeof text !== 'string') throw badField(`metadata.${key}`, 'must be a string');
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

function prediction(value: unknown): Json | undefined {
  const given = objectField(value, 'prediction');
  if (!given) return undefined;
  if (given.type !== 'content') throw badField('prediction.type', 'must be "content"');
  const { content } = given;
  const textParts =
    Array.isArray(content) &&
    content.every(
      (part) => isObject(part) && part.type === 'text' && typeof part.text === 'string',
    );
  if (typeof content !== 'string' && !textParts) {
    throw badField('prediction.content', 'must be a string or an array of text parts');
  }
  return given;
}

const oneOf =
  (...allowed: string[]): FieldCheck =>
  (value, param) =>
    oneOfField(value, param, allowed);

const webSearchOptions = {
  search_context_size: oneOf('low', 'medium', 'high'),
  user_location: objectField,
};

const promptCacheOptions = { mode: oneOf('implicit', 'explicit'), ttl: oneOf('30m') };

export interface OpenAIOnlyFields {
  /** `providerOptions.openai` for the OpenAI adapter; undefined when none was given. */
  options: Record<string, unknown> | undefined;
  /** The fields given that only an OpenAI model honours: named in a warning when another answers. */
  fields: string[];
}

/** The OpenAI adapter's option for a field; the fields it has none for go in its `extraBody`. */
const optionNames: Record<string, string> = {
  logit_bias: 'logitBias',
  store: 'store',
  metadata: 'metadata',
  safety_identifier: 'safetyIdentifier',
  verbosity: 'verbosity',
};

/** The Chat Completions fields only OpenAI models take, as `providerOptions.openai`. */
export function openaiOnlyFields(body: Json): OpenAIOnlyFields {
  const store = booleanField(body.store, 'store') === true;
  const given: Json = {
    logit_bias: logitBias(body.logit_bias),
    // `store: false` is what every provider does.
    store: store || undefined,
    metadata: storedMetadata(body.metadata, store),
    safety_identifier: stringField(body.safety_identifier, 'safety_identifier'),
    verbosity: oneOf('low', 'medium', 'high')(body.verbosity, 'verbosity'),
    prediction: prediction(body.prediction),
    web_search_options: checkedObject(
      body.web_search_options,
      'web_search_options',
      webSearchOptions,
    ),
    prompt_cache_options: checkedObject(
      body.prompt_cache_options,
      'prompt_cache_options',
      promptCacheOptions,
    ),
  };
  const fields = Object.keys(given).filter((field) => given[field] !== undefined);
  const options: Json = {};
  const extraBody: Json = {};
  for (const field of fields) {
    const option = optionNames[field];
    if (option) options[option] = given[field];
    else extraBody[field] = given[field];
  }
  if (Object.keys(extraBody).length > 0) options.extraBody = extraBody;
  return { options: Object.keys(options).length > 0 ? options : undefined, fields };
}

/** The warnings for OpenAI-only fields when another provider answered. */
export const openaiOnlyWarnings = (fields: string[], provider: string): Warning[] =>
  provider === 'openai'
    ? []
    : fields.map((field) =>
        unsupportedSetting(field, `only OpenAI models take it, and ${provider} answered`),
      );
