import { isObject } from '../simulator/is-object.js';
import { simSignature } from '../simulator/sim-signature.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';

type Json = Record<string, unknown>;

const invalid = (message: string) => new SimulatorRequestError(message, 400);

/** What Google documents as the stand-in for a lost thought signature. */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/** Gemini 3 on: thinking levels, and thought signatures that must come back with function calls. */
export const isGemini3 = (model: string) => /^gemini-(?:[3-9]|\d{2})(?:[.-]|$)/.test(model);

/** The signature of a function call: the simulator signs the call it made. */
export const callSignature = (call: { name: string; arguments: unknown }) =>
  simSignature(`${call.name}:${JSON.stringify(call.arguments)}`);

const levels = ['THINKING_LEVEL_UNSPECIFIED', 'MINIMAL', 'LOW', 'MEDIUM', 'HIGH'];
const resolutions = [
  'MEDIA_RESOLUTION_UNSPECIFIED',
  'MEDIA_RESOLUTION_LOW',
  'MEDIA_RESOLUTION_MEDIUM',
  'MEDIA_RESOLUTION_HIGH',
];
const tiers = ['unspecified', 'flex', 'standard', 'priority'];

const invalidValue = (path: string, value: unknown) =>
  invalid(`Invalid value at '${path}' (${JSON.stringify(value)})`);

function checkThinking(config: Json, model: string): SimRequest['thinking'] {
  const thinking = config.thinkingConfig;
  if (thinking === undefined) return undefined;
  if (!isObject(thinking)) throw invalidValue('generation_config.thinking_config', thinking);
  const { thinkingBudget: budget, thinkingLevel: level, includeThoughts } = thinking;
  if (level !== undefined && !levels.includes(String(level))) {
    throw invalidValue('generation_config.thinking_config.thinking_level', level);
  }
  if (level !== undefined && !isGemini3(model)) {
    throw invalid('Thinking level is not supported for this model.');
  }
  if (level !== undefined && budget !== undefined) {
    throw invalid('You can only set either thinking budget or thinking level, not both.');
  }
  if (budget !== undefined && !Number.isInteger(budget)) {
    throw invalidValue('generation_config.thinking_config.thinking_budget', budget);
  }
  if (budget === 0 && /pro/.test(model)) {
    throw invalid('Budget 0 is invalid. This model only works in thinking mode.');
  }
  if (budget === 0) return undefined;
  return includeThoughts === true ? 'visible' : 'hidden';
}

function checkLogprobs(config: Json): SimRequest['logprobs'] {
  const { responseLogprobs, logprobs } = config;
  if (logprobs !== undefined) {
    if (!Number.isInteger(logprobs) || (logprobs as number) < 0 || (logprobs as number) > 20) {
      throw invalid(
        `Unable to submit request because logprobs must be in the range [0, 20]; got ${String(logprobs)}.`,
      );
    }
    if (responseLogprobs !== true) {
      throw invalid('logprobs is only valid if responseLogprobs is true.');
    }
  }
  return responseLogprobs === true ? { top: (logprobs as number | undefined) ?? 0 } : undefined;
}

/**
 * A Gemini 3 model refuses a function call of the current turn (after the last user text) whose
 * step carries no thought signature on its first call, and one whose signature it did not make.
 */
function checkThoughtSignatures(contents: Json[], model: string): void {
  if (!isGemini3(model)) return;
  const parts = (content: Json): Json[] =>
    Array.isArray(content.parts) ? content.parts.filter(isObject) : [];
  const lastUserText = contents.findLastIndex(
    (content) => content.role !== 'model' && parts(content).some((part) => 'text' in part),
  );
  contents.forEach((content, i) => {
    if (i < lastUserText || content.role !== 'model') return;
    const calls = parts(content).filter((part) => isObject(part.functionCall));
    const first = calls[0];
    if (!first) return;
    const call = first.functionCall as Json;
    const signature = first.thoughtSignature;
    if (signature === undefined) {
      const position = parts(content).indexOf(first) + 1;
      throw invalid(
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String(call.name)}\` , position ${position}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      );
    }
    const expected = callSignature({ name: String(call.name), arguments: call.args ?? {} });
    if (signature !== SKIP_THOUGHT_SIGNATURE && signature !== expected) {
      throw invalid('Corrupted thought signature.');
    }
  });
}

/**
 * The `generationConfig` settings besides the prompt (thinking, logprobs, penalties, which Gemini
 * 2.5 on refuse, media resolution), the `serviceTier`, and the thought signatures of replayed calls, refused as the API
 * refuses them. Returns how the model shows its thinking and the logprobs asked for.
 */
export function checkGeminiSettings(
  request: Json,
  contents: Json[],
  model: string,
): Pick<SimRequest, 'thinking' | 'logprobs'> {
  const config = isObject(request.generationConfig) ? request.generationConfig : {};
  for (const name of ['presencePenalty', 'frequencyPenalty']) {
    if (config[name] === undefined) continue;
    if (typeof config[name] !== 'number') {
      throw invalidValue(`generation_config.${name.replace(/P/, '_p')}`, config[name]);
    }
    // As recorded in issue-8943-gemini-2.5-flash-error.json.
    if (/^gemini-(?:2\.5|[3-9]|\d{2})/.test(model)) {
      throw invalid(`Penalty is not enabled for models/${model}`);
    }
  }
  if (
    config.mediaResolution !== undefined &&
    !resolutions.includes(String(config.mediaResolution))
  ) {
    throw invalidValue('generation_config.media_resolution', config.mediaResolution);
  }
  if (request.serviceTier !== undefined && !tiers.includes(String(request.serviceTier))) {
    throw invalidValue('service_tier', request.serviceTier);
  }
  checkThoughtSignatures(contents, model);
  const thinking = checkThinking(config, model);
  const logprobs = checkLogprobs(config);
  return { ...(thinking ? { thinking } : {}), ...(logprobs ? { logprobs } : {}) };
}
