import type { Content, Part } from '@google/genai';
import {
  type AssistantMessage,
  type ImageSource,
  LlmuxError,
  type Message,
  type ToolResultPart,
  type Warning,
} from '@llmux/core';

export interface GeminiContents {
  systemInstruction?: Content;
  contents: Content[];
  warnings: Warning[];
}

/**
 * Google's documented stand-in for a lost thought signature: Gemini 3 refuses a replayed function
 * call without one, and a conversation may come without the reasoning parts that carry them.
 */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator';

const needsThoughtSignature = (modelId: string) => /^gemini-3[.-]/.test(modelId);

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const mimeTypesByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  heic: 'image/heic',
  heif: 'image/heif',
};

/** An image as an inline blob (base64 or a `data:` URL) or a file reference (any other URL). */
function imagePart(source: ImageSource, path: string): Part {
  if (source.kind === 'base64') {
    return { inlineData: { mimeType: source.mediaType, data: source.data } };
  }
  const dataUrl = source.url.match(/^data:([^;,]+);base64,(.*)$/s);
  if (dataUrl) return { inlineData: { mimeType: dataUrl[1], data: dataUrl[2] } };
  const extension = source.url
    .split(/[?#]/)[0]
    ?.match(/\.(\w+)$/)?.[1]
    ?.toLowerCase();
  const mimeType = source.mediaType ?? (extension ? mimeTypesByExtension[extension] : undefined);
  if (!mimeType) {
    throw invalid(
      `${path}.source.mediaType is needed: Gemini must be told the type of ${source.url}`,
    );
  }
  return { fileData: { mimeType, fileUri: source.url } };
}

/**
 * A tool result as Gemini's `functionResponse`, matched to its call by name. The response must be
 * an object: Gemini reads `output` as the result and `error` as a failure.
 */
function functionResponsePart(part: ToolResultPart): Part {
  const response = part.isError
    ? { error: part.result }
    : isPlainObject(part.result)
      ? part.result
      : { output: part.result };
  return { functionResponse: { name: part.toolName, response } };
}

/** A message's content as parts: a string is one text part. */
function partsOf<T>(
  content: string | T[],
  path: string,
): Array<T | { type: 'text'; text: string }> {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (!Array.isArray(content))
    throw invalid(`${path}.content must be a string or an array of parts`);
  return content;
}

type AssistantPart = Exclude<AssistantMessage['content'], string>[number];

/**
 * An assistant turn's parts. Gemini's thought signatures travel in reasoning parts (provider
 * `gemini`, see the stream mapper): one goes back on the function call it came before, else on the
 * text part it came after. Reasoning text is not sent back (Gemini does not read thoughts as
 * input), nor is another provider's reasoning. A Gemini 3 function call left without a signature
 * gets `SKIP_SIGNATURE` and is named in `unsignedCalls`.
 */
function assistantParts(
  content: Array<AssistantPart | { type: 'text'; text: string }>,
  path: string,
  modelId: string,
  unsignedCalls: string[],
): Part[] {
  const parts: Part[] = [];
  let signature: string | undefined;
  const signPrevious = () => {
    const last = parts.at(-1);
    if (signature !== undefined && last?.text !== undefined) last.thoughtSignature = signature;
    signature = undefined;
  };
  content.forEach((part, j) => {
    if (part.type === 'reasoning') {
      signPrevious();
      if (part.provider === 'gemini') signature = part.signature;
      return;
    }
    if (part.type === 'text') {
      signPrevious();
      parts.push({ text: part.text });
      return;
    }
    if (part.type !== 'tool-call') {
      throw invalid(`${path}.content[${j}].type must be text, reasoning or tool-call`);
    }
    if (!isPlainObject(part.arguments)) {
      throw invalid(`${path}.content[${j}].arguments must be an object for Gemini`);
    }
    const call: Part = { functionCall: { name: part.toolName, args: part.arguments } };
    if (signature !== undefined) call.thoughtSignature = signature;
    else if (needsThoughtSignature(modelId)) {
      unsignedCalls.push(part.toolName);
      call.thoughtSignature = SKIP_SIGNATURE;
    }
    signature = undefined;
    parts.push(call);
  });
  signPrevious();
  return parts;
}

/** Appends parts to the last content when it has the same role, as Gemini wants turns merged. */
function push(contents: Content[], role: 'user' | 'model', parts: Part[]): void {
  const last = contents.at(-1);
  if (last?.role === role) last.parts?.push(...parts);
  else contents.push({ role, parts });
}

/**
 * Core messages as Gemini contents: system messages become the `systemInstruction`, assistant
 * turns the role `model`, tool results `functionResponse` parts of a user turn.
 */
export function convertToGeminiContents(messages: Message[], modelId: string): GeminiContents {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw invalid('request.messages must be a non-empty array');
  }
  const system: Part[] = [];
  const contents: Content[] = [];
  const warnings: Warning[] = [];
  const unsignedCalls: string[] = [];

  messages.forEach((message, i) => {
    const path = `messages[${i}]`;
    switch (message?.role) {
      case 'system':
        if (contents.length > 0) {
          warnings.push({
            type: 'other',
            message: `${path} is a system message after the conversation began; Gemini has one systemInstruction, so it was moved there`,
          });
        }
        system.push({ text: message.content });
        return;
      case 'user': {
        const parts = partsOf(message.content, path).map((part, j) => {
          if (part.type === 'text') return { text: part.text };
          if (part.type === 'image') return imagePart(part.source, `${path}.content[${j}]`);
          throw invalid(`${path}.content[${j}].type must be text or image`);
        });
        push(contents, 'user', parts);
        return;
      }
      case 'assistant': {
        const parts = assistantParts(partsOf(message.content, path), path, modelId, unsignedCalls);
        if (parts.length > 0) push(contents, 'model', parts);
        return;
      }
      case 'tool':
        if (!Array.isArray(message.content)) {
          throw invalid(`${path}.content must be an array of tool results`);
        }
        push(contents, 'user', message.content.map(functionResponsePart));
        return;
      default:
        throw invalid(`${path}.role must be system, user, assistant or tool`);
    }
  });

  if (contents.length === 0) {
    throw invalid('request.messages needs at least one user or assistant message');
  }
  if (unsignedCalls.length > 0) {
    warnings.push({
      type: 'other',
      message: `Replayed tool calls (${unsignedCalls.join(', ')}) carry no thought signature; ${modelId} was told to skip its check, which may cost it some reasoning context`,
    });
  }
  return {
    ...(system.length > 0 ? { systemInstruction: { parts: system } } : {}),
    contents,
    warnings,
  };
}
