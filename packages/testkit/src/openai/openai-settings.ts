import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';

type Json = Record<string, unknown>;

const invalid = (message: string) => new SimulatorRequestError(message, 400);

const supported = (values: string[]) =>
  `${values
    .slice(0, -1)
    .map((v) => `'${v}'`)
    .join(', ')}, and '${values.at(-1)}'`;

function checkOneOf(body: Json, name: string, values: string[]): void {
  const value = body[name];
  if (value === undefined || value === null || values.includes(String(value))) return;
  throw invalid(`Invalid value: '${String(value)}'. Supported values are: ${supported(values)}.`);
}

function checkPenalty(body: Json, name: string, reasoning: boolean): void {
  const value = body[name];
  if (value === undefined || value === null) return;
  if (reasoning) {
    throw invalid(`Unsupported parameter: '${name}' is not supported with this model.`);
  }
  if (typeof value !== 'number') {
    throw invalid(
      `Invalid type for '${name}': expected a decimal, but got ${typeof value} instead.`,
    );
  }
  if (value > 2 || value < -2) {
    const [side, bound] = value > 2 ? ['above maximum', '<= 2'] : ['below minimum', '>= -2'];
    throw invalid(
      `Invalid '${name}': decimal ${side} value. Expected a value ${bound}, but got ${value} instead.`,
    );
  }
}

function checkLogprobs(body: Json, reasoning: boolean): SimRequest['logprobs'] {
  const { logprobs, top_logprobs: top } = body;
  if (reasoning && (logprobs === true || (top !== undefined && top !== null))) {
    const name = logprobs === true ? 'logprobs' : 'top_logprobs';
    throw invalid(`Unsupported parameter: '${name}' is not supported with this model.`);
  }
  if (top !== undefined && top !== null) {
    if (!Number.isInteger(top) || (top as number) < 0 || (top as number) > 20) {
      throw invalid(
        `Invalid 'top_logprobs': integer out of range. Expected a value between 0 and 20, but got ${String(top)} instead.`,
      );
    }
    if (logprobs !== true) {
      throw invalid(`Invalid value for 'logprobs': must be true when 'top_logprobs' is set.`);
    }
  }
  return logprobs === true ? { top: (top as number | undefined) ?? 0 } : undefined;
}

function checkImageDetails(messages: Json[]): void {
  messages.forEach((message, i) => {
    if (!Array.isArray(message.content)) return;
    message.content.forEach((part: unknown, j) => {
      if (!isObject(part) || !isObject(part.image_url)) return;
      const detail = part.image_url.detail;
      if (detail === undefined || ['auto', 'low', 'high'].includes(String(detail))) return;
      throw invalid(
        `Invalid value: '${String(detail)}'. Supported values are: 'auto', 'low', and 'high'. (messages[${i}].content[${j}].image_url.detail)`,
      );
    });
  });
}

/**
 * The Chat Completions settings besides the prompt, refused as the API refuses them: penalties,
 * logprobs, `reasoning_effort`, `parallel_tool_calls`, `service_tier`, `safety_identifier` and
 * image `detail`. Reasoning models refuse the penalties and logprobs, and report reasoning tokens
 * when given a `reasoning_effort` other than `none`; other models refuse `reasoning_effort`.
 */
export function checkOpenAISettings(
  body: Json,
  messages: Json[],
  model: { reasoning: boolean; hasTools: boolean },
): Pick<SimRequest, 'thinking' | 'logprobs'> {
  const { reasoning, hasTools } = model;
  checkPenalty(body, 'frequency_penalty', reasoning);
  checkPenalty(body, 'presence_penalty', reasoning);
  const logprobs = checkLogprobs(body, reasoning);
  const effort = body.reasoning_effort;
  if (effort !== undefined && effort !== null && !reasoning) {
    throw invalid(`Unsupported parameter: 'reasoning_effort' is not supported with this model.`);
  }
  checkOneOf(body, 'reasoning_effort', ['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
  checkOneOf(body, 'service_tier', ['auto', 'default', 'flex', 'scale', 'priority']);
  const parallel = body.parallel_tool_calls;
  if (parallel !== undefined && parallel !== null) {
    if (typeof parallel !== 'boolean') {
      throw invalid(
        `Invalid type for 'parallel_tool_calls': expected a boolean, but got ${typeof parallel} instead.`,
      );
    }
    if (!hasTools) {
      throw invalid(
        `Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.`,
      );
    }
  }
  const safety = body.safety_identifier;
  if (typeof safety === 'string' && safety.length > 64) {
    throw invalid(
      `Invalid 'safety_identifier': string too long. Expected a string with maximum length 64, but got a string with length ${safety.length} instead.`,
    );
  }
  checkImageDetails(messages);
  return {
    // Only a call told how hard to think reports reasoning tokens, so that plain calls keep
    // the counts other tests rely on.
    ...(typeof effort === 'string' && effort !== 'none' ? { thinking: 'hidden' as const } : {}),
    ...(logprobs ? { logprobs } : {}),
  };
}
