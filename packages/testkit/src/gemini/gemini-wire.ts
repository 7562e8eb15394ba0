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

const partsOf = (content: unknown): Json[] =>
  isObject(content) && Array.isArray(content.parts) ? content.parts.filter(isObject) : [];

function messageOf(content: Json): WireMessage {
  const view = emptyMessage(content.role === 'model' ? 'assistant' : 'user');
  for (const part of partsOf(content)) {
    if (typeof part.text === 'string' && part.thought !== true) view.text.push(part.text);
    if (isObject(part.inlineData)) {
      view.images.push({
        data: String(part.inlineData.data),
        mediaType: String(part.inlineData.mimeType),
      });
    }
    if (isObject(part.fileData)) {
      view.images.push({
        url: String(part.fileData.fileUri),
        mediaType: String(part.fileData.mimeType),
      });
    }
    const call = part.functionCall;
    if (isObject(call)) {
      view.toolCalls.push({
        ...(call.id === undefined ? {} : { id: String(call.id) }),
        name: String(call.name),
        arguments: call.args,
      });
    }
    const result = part.functionResponse;
    if (isObject(result)) {
      view.toolResults.push({
        ...(result.id === undefined ? {} : { toolCallId: String(result.id) }),
        toolName: String(result.name),
        output: asText(result.response),
      });
    }
  }
  return view;
}

const toolChoiceOf = (toolConfig: unknown): WireView['toolChoice'] => {
  const config = isObject(toolConfig) ? toolConfig.functionCallingConfig : undefined;
  if (!isObject(config)) return undefined;
  const allowed = Array.isArray(config.allowedFunctionNames) ? config.allowedFunctionNames : [];
  if (config.mode === 'ANY' || config.mode === 'VALIDATED') {
    return allowed.length === 1 ? { toolName: String(allowed[0]) } : 'required';
  }
  if (config.mode === 'NONE') return 'none';
  if (config.mode === 'AUTO') return 'auto';
  return undefined;
};

const responseFormatOf = (config: Json): WireView['responseFormat'] => {
  if (config.responseMimeType !== 'application/json') return undefined;
  const schema = config.responseJsonSchema ?? config.responseSchema;
  return schema === undefined ? { type: 'json' } : { type: 'json', schema };
};

/** A `generateContent` body as a `WireView`: `systemInstruction` is the system prompt. */
export const geminiWire: WireReader = ({ body }) => {
  const request = isObject(body) ? body : {};
  const config = isObject(request.generationConfig) ? request.generationConfig : {};
  const contents = Array.isArray(request.contents) ? request.contents.filter(isObject) : [];
  const system = partsOf(request.systemInstruction).map((part) => asText(part.text ?? ''));
  const tools = Array.isArray(request.tools) ? request.tools.filter(isObject) : [];
  return {
    ...definedOnly({
      temperature: config.temperature as number | undefined,
      topP: config.topP as number | undefined,
      topK: config.topK as number | undefined,
      seed: config.seed as number | undefined,
      maxOutputTokens: config.maxOutputTokens as number | undefined,
      stopSequences: config.stopSequences as string[] | undefined,
      system: system.length > 0 ? system.join('\n') : undefined,
      toolChoice: toolChoiceOf(request.toolConfig),
      responseFormat: responseFormatOf(config),
    }),
    messages: contents.map(messageOf),
    tools: tools.flatMap((tool) =>
      (Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [])
        .filter(isObject)
        .map((declaration) => ({
          name: String(declaration.name),
          parameters: declaration.parametersJsonSchema ?? declaration.parameters,
        })),
    ),
  };
};
