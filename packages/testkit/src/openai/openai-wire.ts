import {
  contentParts,
  contentText,
  definedOnly,
  emptyMessage,
  imageFromUrl,
  type WireMessage,
  type WireReader,
  type WireView,
} from '../conformance/wire-view.js';
import { isObject } from '../simulator/is-object.js';

type Json = Record<string, unknown>;

const parseArguments = (text: unknown): unknown => {
  try {
    return JSON.parse(String(text));
  } catch {
    return text;
  }
};

function messageOf(message: Json): WireMessage {
  if (message.role === 'tool') {
    return {
      ...emptyMessage('tool'),
      toolResults: [
        { toolCallId: String(message.tool_call_id), output: contentText(message.content) },
      ],
    };
  }
  const view = emptyMessage(message.role === 'assistant' ? 'assistant' : 'user');
  for (const part of contentParts(message.content)) {
    if (part.type === 'text') view.text.push(String(part.text));
    if (part.type === 'image_url' && isObject(part.image_url)) {
      view.images.push(imageFromUrl(String(part.image_url.url)));
    }
  }
  for (const call of Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject) : []) {
    const fn = isObject(call.function) ? call.function : {};
    view.toolCalls.push({
      id: String(call.id),
      name: String(fn.name),
      arguments: parseArguments(fn.arguments),
    });
  }
  return view;
}

const toolChoiceOf = (choice: unknown): WireView['toolChoice'] => {
  if (choice === 'auto' || choice === 'none' || choice === 'required') return choice;
  if (isObject(choice) && isObject(choice.function)) {
    return { toolName: String(choice.function.name) };
  }
  return undefined;
};

const responseFormatOf = (format: unknown): WireView['responseFormat'] => {
  if (!isObject(format)) return undefined;
  if (format.type === 'json_object') return { type: 'json' };
  if (format.type === 'json_schema' && isObject(format.json_schema)) {
    return { type: 'json', schema: format.json_schema.schema };
  }
  return undefined;
};

const isSystem = (message: Json) => message.role === 'system' || message.role === 'developer';

/** A Chat Completions body as a `WireView`: system and developer messages are the system prompt. */
export const openaiWire: WireReader = ({ body }) => {
  const request = isObject(body) ? body : {};
  const messages = Array.isArray(request.messages) ? request.messages.filter(isObject) : [];
  const system = messages.filter(isSystem).map((message) => contentText(message.content));
  const stop = request.stop;
  return {
    ...definedOnly({
      temperature: request.temperature as number | undefined,
      topP: request.top_p as number | undefined,
      seed: request.seed as number | undefined,
      maxOutputTokens: (request.max_completion_tokens ?? request.max_tokens) as number | undefined,
      stopSequences: typeof stop === 'string' ? [stop] : (stop as string[] | undefined),
      system: system.length > 0 ? system.join('\n') : undefined,
      toolChoice: toolChoiceOf(request.tool_choice),
      responseFormat: responseFormatOf(request.response_format),
    }),
    messages: messages.filter((message) => !isSystem(message)).map(messageOf),
    tools: (Array.isArray(request.tools) ? request.tools.filter(isObject) : []).map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      return { name: String(fn.name), parameters: fn.parameters };
    }),
  };
};
