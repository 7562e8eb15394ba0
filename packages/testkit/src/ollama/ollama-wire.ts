import {
  asText,
  definedOnly,
  emptyMessage,
  type WireMessage,
  type WireReader,
  type WireView,
} from '../conformance/wire-view.js';
import { isObject } from '../simulator/is-object.js';

type Json = Record<string, unknown>;

/** One `/api/chat` message: images are base64 strings beside the text, tool results a role. */
function messageOf(message: Json): WireMessage {
  const text =
    typeof message.content === 'string' && message.content !== '' ? [message.content] : [];
  if (message.role === 'tool') {
    return {
      ...emptyMessage('tool'),
      toolResults: [
        {
          ...(typeof message.tool_name === 'string' && { toolName: message.tool_name }),
          output: asText(message.content),
        },
      ],
    };
  }
  const images = Array.isArray(message.images) ? message.images : [];
  const calls = Array.isArray(message.tool_calls) ? message.tool_calls.filter(isObject) : [];
  return {
    ...emptyMessage(message.role === 'assistant' ? 'assistant' : 'user'),
    text,
    images: images.map((data) => ({ data: String(data) })),
    toolCalls: calls.map((call) => {
      const fn = isObject(call.function) ? call.function : {};
      return {
        ...(typeof call.id === 'string' && { id: call.id }),
        name: String(fn.name),
        arguments: fn.arguments,
      };
    }),
  };
}

/** `format`: `"json"`, or the JSON Schema the answer must follow. */
const responseFormatOf = (format: unknown): WireView['responseFormat'] => {
  if (format === 'json') return { type: 'json' };
  if (isObject(format)) return { type: 'json', schema: format };
  return undefined;
};

/**
 * An Ollama `/api/chat` body as a `WireView`: sampling settings in `options`, system messages the
 * system prompt. Ollama has no tool choice: `none` is honoured by sending no tools.
 */
export const ollamaWire: WireReader = ({ body }) => {
  const request = isObject(body) ? body : {};
  const options = isObject(request.options) ? request.options : {};
  const messages = Array.isArray(request.messages) ? request.messages.filter(isObject) : [];
  const system = messages
    .filter((message) => message.role === 'system')
    .map((message) => String(message.content));
  return {
    ...definedOnly({
      temperature: options.temperature as number | undefined,
      topP: options.top_p as number | undefined,
      topK: options.top_k as number | undefined,
      seed: options.seed as number | undefined,
      maxOutputTokens: options.num_predict as number | undefined,
      stopSequences: options.stop as string[] | undefined,
      system: system.length > 0 ? system.join('\n') : undefined,
      responseFormat: responseFormatOf(request.format),
    }),
    messages: messages.filter((message) => message.role !== 'system').map(messageOf),
    tools: (Array.isArray(request.tools) ? request.tools.filter(isObject) : []).map((tool) => {
      const fn = isObject(tool.function) ? tool.function : {};
      return { name: String(fn.name), parameters: fn.parameters };
    }),
  };
};
