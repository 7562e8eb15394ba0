import { isObject } from '../simulator/is-object.js';
import { simSignature } from '../simulator/sim-signature.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';

type Json = Record<string, unknown>;

const refuse = (message: string) => new SimulatorRequestError(message, 400);

/** Claude Opus 4.7 on (and the Claude 5 family) take only adaptive thinking. */
const adaptiveOnly = (model: string) =>
  /^claude-(?:[a-z]+-(?:[5-9]|\d{2})(?:-|$)|opus-4-(?:[7-9]|\d{2}))/.test(model);
/** Claude 3 models before 3.7 do not think. */
const thinkless = (model: string) => /^claude-3-(?:[0-6]-|[a-z])/.test(model);

const EXTENDED_THINKING_DOCS =
  'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

/** `thinking` as the API checks it; what the model then shows of its thinking. */
function checkThinking(body: Json, model: string): SimRequest['thinking'] {
  const { thinking } = body;
  if (thinking === undefined || thinking === null) return undefined;
  if (!isObject(thinking) || !['enabled', 'adaptive', 'disabled'].includes(String(thinking.type))) {
    throw refuse(
      "thinking: Input tag found using 'type' does not match any of the expected tags: 'adaptive', 'disabled', 'enabled'",
    );
  }
  if (thinking.type === 'disabled') return undefined;
  if (thinkless(model)) throw refuse(`'${model}' does not support thinking.`);
  if (thinking.type === 'enabled') {
    if (adaptiveOnly(model)) {
      throw refuse(
        '"thinking.type.enabled" is not supported for this model. Use "thinking.type.adaptive" and "output_config.effort" to control thinking behavior.',
      );
    }
    const budget = thinking.budget_tokens;
    if (!Number.isInteger(budget) || (budget as number) < 1024) {
      throw refuse('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    }
    if ((body.max_tokens as number) <= (budget as number)) {
      throw refuse(
        `\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${EXTENDED_THINKING_DOCS}#max-tokens-and-context-window-size`,
      );
    }
  }
  const choice = body.tool_choice;
  if (isObject(choice) && (choice.type === 'any' || choice.type === 'tool')) {
    throw refuse('Thinking may not be enabled when tool_choice forces tool use.');
  }
  if (body.temperature !== undefined && body.temperature !== 1) {
    throw refuse(
      `\`temperature\` may only be set to 1 when thinking is enabled. ${EXTENDED_THINKING_DOCS}#feature-compatibility`,
    );
  }
  // Adaptive thinking is omitted unless asked for, as on Claude Opus 4.7 on.
  return thinking.type === 'adaptive' && thinking.display !== 'summarized' ? 'hidden' : 'visible';
}

/**
 * Thinking blocks sent back must carry the signature they came with; with thinking on, the last
 * assistant turn, when it called tools, must start with its thinking.
 */
function checkThinkingReplay(messages: Json[], thinking: boolean): void {
  let lastAssistant = -1;
  messages.forEach((message, i) => {
    if (message.role !== 'assistant' || !Array.isArray(message.content)) return;
    lastAssistant = i;
    message.content.forEach((block: unknown, j) => {
      if (!isObject(block) || block.type !== 'thinking') return;
      if (block.signature !== simSignature(String(block.thinking ?? ''))) {
        throw refuse(`messages.${i}.content.${j}: Invalid \`signature\` in \`thinking\` block`);
      }
    });
  });
  const last = messages[lastAssistant];
  if (!thinking || !last || !Array.isArray(last.content)) return;
  const blocks = last.content.filter(isObject);
  const first = blocks[0];
  if (!blocks.some((block) => block.type === 'tool_use') || !first) return;
  if (first.type !== 'thinking' && first.type !== 'redacted_thinking') {
    throw refuse(
      `messages.${lastAssistant}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. ${EXTENDED_THINKING_DOCS}`,
    );
  }
}

/**
 * The Messages API settings besides the prompt, refused as the API refuses them: `thinking`,
 * `service_tier`, `metadata.user_id`, `tool_choice.disable_parallel_tool_use` and
 * `output_config.effort`. Returns how the model shows its thinking.
 */
export function checkAnthropicSettings(body: Json, messages: Json[]): SimRequest['thinking'] {
  const model = String(body.model);
  const tier = body.service_tier;
  if (tier !== undefined && tier !== 'auto' && tier !== 'standard_only') {
    throw refuse("service_tier: Input should be 'auto' or 'standard_only'");
  }
  const { metadata } = body;
  if (metadata !== undefined) {
    if (!isObject(metadata)) throw refuse('metadata: Input should be a valid dictionary');
    const user = metadata.user_id;
    if (user !== undefined && user !== null && typeof user !== 'string') {
      throw refuse('metadata.user_id: Input should be a valid string');
    }
    if (typeof user === 'string' && user.length > 256) {
      throw refuse('metadata.user_id: String should have at most 256 characters');
    }
  }
  const choice = body.tool_choice;
  if (
    isObject(choice) &&
    choice.disable_parallel_tool_use !== undefined &&
    typeof choice.disable_parallel_tool_use !== 'boolean'
  ) {
    throw refuse(
      `tool_choice.${String(choice.type)}.disable_parallel_tool_use: Input should be a valid boolean`,
    );
  }
  const effort = isObject(body.output_config) ? body.output_config.effort : undefined;
  if (effort !== undefined && !['low', 'medium', 'high', 'xhigh', 'max'].includes(String(effort))) {
    throw refuse("output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'");
  }
  const thinking = checkThinking(body, model);
  checkThinkingReplay(messages, thinking !== undefined);
  return thinking;
}
