import type { Content, GenerateContentParameters, Tool, ToolConfig } from '@google/genai';
import type { Message, PromptCacheHint } from '@llmux/core';

/** What an explicit context cache holds: all a call's request-wide parts and its first turns. */
export interface GeminiCachePrefix {
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  /** Absent rather than empty: a cache of a system instruction or tools alone has none. */
  contents?: Content[];
}

/**
 * How many Gemini contents the first `count` non-system messages fill entirely: consecutive
 * messages of one role are merged into one content, so a content that message `count + 1` joins
 * is not wholly in the prefix.
 */
function wholeContents(messages: Message[], count: number): number {
  const roles = messages
    .filter((message) => message.role !== 'system')
    .map((message) => (message.role === 'assistant' ? 'model' : 'user'));
  const end = Math.min(Math.max(0, Math.floor(count)), roles.length);
  let contents = 0;
  for (let index = 0; index < end; index++) {
    if (roles[index] !== roles[index - 1]) contents++;
  }
  return end > 0 && roles[end] === roles[end - 1] ? contents - 1 : contents;
}

/**
 * Splits a built request into the prefix an explicit cache holds for the hint and the turns left
 * to send. Gemini refuses a system instruction, tools or tool config beside a cache, so those
 * always go into it, whatever the hint; `{ messages: n }` adds the turns of the first n non-system
 * messages, leaving at least one turn to send. Undefined when there is nothing to cache.
 */
export function splitCachePrefix(
  messages: Message[],
  hint: PromptCacheHint,
  params: GenerateContentParameters,
): { prefix: GeminiCachePrefix; rest: Content[] } | undefined {
  // Built by `buildGeminiRequest`: contents, a system instruction and tools in their plain forms.
  const contents = params.contents as Content[];
  const { systemInstruction, tools, toolConfig } = params.config ?? {};
  const held = typeof hint.prefix === 'object' ? wholeContents(messages, hint.prefix.messages) : 0;
  const count = Math.min(held, contents.length - 1);
  if (count === 0 && systemInstruction === undefined && tools === undefined) return undefined;
  return {
    prefix: {
      ...(systemInstruction === undefined
        ? {}
        : { systemInstruction: systemInstruction as Content }),
      ...(tools === undefined ? {} : { tools: tools as Tool[] }),
      ...(toolConfig === undefined ? {} : { toolConfig }),
      ...(count === 0 ? {} : { contents: contents.slice(0, count) }),
    },
    rest: contents.slice(count),
  };
}
