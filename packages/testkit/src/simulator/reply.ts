import { approximateTokens } from '@llmux/core';
import type { SimulatorBehavior } from './behavior.js';
import { type DialectCapabilities, scriptBeyondCapabilities } from './capabilities.js';
import type { ResolvedReply, SimRequest, SimUsage } from './types.js';

/** Characters per token, as `approximateTokens` counts them: used to cut at `maxOutputTokens`. */
const CHARS_PER_TOKEN = 4;

export interface ReplyContext {
  newId: (kind: 'response' | 'toolCall') => string;
  chunkSize: number;
  /** What the provider's prompt cache read and wrote for the call (see `SimPromptCache`). */
  cached?: Partial<SimUsage>;
  /** What the provider has: a script asking for more fails the call (a 500 naming the field). */
  capabilities?: Required<DialectCapabilities>;
  provider?: string;
}

/**
 * Settles what the simulator answers: the scripted reply (or the echo of the last user text),
 * cut at `maxOutputTokens` with finish `length`, with usage counted by `approximateTokens`.
 * `usage.inputTokens` counts all input, cached or not, as core's `Usage` does. The prompt
 * cache's counts come next, and a script's usage overrides both.
 */
export function resolveReply(
  request: SimRequest,
  reply: SimulatorBehavior['reply'],
  context: ReplyContext,
): ResolvedReply {
  const script = typeof reply === 'function' ? reply(request) : reply;
  const beyond =
    context.capabilities &&
    scriptBeyondCapabilities(script, context.capabilities, context.provider ?? 'the provider');
  if (beyond) throw new Error(`Scripted "${beyond[0]}" ${beyond[1]}`);
  const toolCalls = (script.toolCalls ?? []).map((call) => ({
    id: call.id ?? context.newId('toolCall'),
    name: call.name,
    arguments: call.arguments,
  }));
  let text = script.text ?? (script.toolCalls ? '' : `Echo: ${request.lastUserText}`);
  let finishReason = script.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop');
  const max = request.maxOutputTokens;
  if (max !== undefined && !script.finishReason && approximateTokens(text) > max) {
    text = Array.from(text)
      .slice(0, max * CHARS_PER_TOKEN)
      .join('');
    finishReason = 'length';
  }
  const outputText = text + toolCalls.map((c) => c.name + JSON.stringify(c.arguments)).join('');
  const reasoning = request.thinking
    ? (script.reasoning ?? `The user asks: ${request.lastUserText}. Answer briefly.`)
    : undefined;
  const reasoningTokens = reasoning === undefined ? 0 : approximateTokens(reasoning);
  return {
    id: context.newId('response'),
    model: request.model,
    text,
    ...(reasoning === undefined ? {} : { reasoning }),
    toolCalls,
    finishReason,
    usage: {
      inputTokens: approximateTokens(request.promptText),
      outputTokens: approximateTokens(outputText) + reasoningTokens,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens,
      ...context.cached,
      ...script.usage,
    },
    chunkSize: context.chunkSize,
  };
}
