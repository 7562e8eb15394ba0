import {
  contentParts,
  contentText,
  definedOnly,
  emptyMessage,
  type WireImage,
  type WireMessage,
  type WireReader,
  type WireView,
} from '../conformance/wire-view.js';
import { isObject } from '../simulator/is-object.js';

type Json = Record<string, unknown>;

const textOf = (content: unknown): string => contentText(content, '\n');

const imageOf = (source: unknown): WireImage =>
  isObject(source) && source.type === 'base64'
    ? { data: String(source.data), mediaType: String(source.media_type) }
    : { url: String(isObject(source) ? source.url : '') };

function messageOf(message: Json): WireMessage {
  const view = emptyMessage(message.role === 'assistant' ? 'assistant' : 'user');
  for (const block of contentParts(message.content)) {
    if (block.type === 'text') view.text.push(String(block.text));
    if (block.type === 'image') view.images.push(imageOf(block.source));
    if (block.type === 'tool_use') {
      view.toolCalls.push({
        id: String(block.id),
        name: String(block.name),
        arguments: block.input,
      });
    }
    if (block.type === 'tool_result') {
      view.toolResults.push({
        toolCallId: String(block.tool_use_id),
        output: typeof block.content === 'string' ? block.content : textOf(block.content),
      });
    }
  }
  return view;
}

const choices = { auto: 'auto', any: 'required', none: 'none' } as const;

const toolChoiceOf = (choice: unknown): WireView['toolChoice'] => {
  if (!isObject(choice)) return undefined;
  if (choice.type === 'tool') return { toolName: String(choice.name) };
  return choices[choice.type as keyof typeof choices];
};

const responseFormatOf = (config: unknown): WireView['responseFormat'] =>
  isObject(config) && isObject(config.format) && config.format.type === 'json_schema'
    ? { type: 'json', schema: config.format.schema }
    : undefined;

const isSystem = (message: Json) => message.role === 'system';

/**
 * A Messages API body as a `WireView`: `system` (and any mid-conversation `system` turn) is the
 * system prompt, tool choice `any` a required tool.
 */
export const anthropicWire: WireReader = ({ body }) => {
  const request = isObject(body) ? body : {};
  const messages = Array.isArray(request.messages) ? request.messages.filter(isObject) : [];
  const system = [
    ...(request.system === undefined ? [] : [textOf(request.system)]),
    ...messages.filter(isSystem).map((message) => textOf(message.content)),
  ];
  return {
    ...definedOnly({
      temperature: request.temperature as number | undefined,
      topP: request.top_p as number | undefined,
      topK: request.top_k as number | undefined,
      maxOutputTokens: request.max_tokens as number | undefined,
      stopSequences: request.stop_sequences as string[] | undefined,
      system: system.length > 0 ? system.join('\n') : undefined,
      toolChoice: toolChoiceOf(request.tool_choice),
      responseFormat: responseFormatOf(request.output_config),
    }),
    messages: messages.filter((message) => !isSystem(message)).map(messageOf),
    tools: (Array.isArray(request.tools) ? request.tools.filter(isObject) : []).map((tool) => ({
      name: String(tool.name),
      parameters: tool.input_schema,
    })),
  };
};
