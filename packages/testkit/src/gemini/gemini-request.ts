import type { IncomingHttpHeaders } from 'node:http';
import { isObject } from '../simulator/is-object.js';
import { type SimRequest, SimulatorRequestError } from '../simulator/types.js';
import { checkGeminiSettings } from './gemini-settings.js';

type Json = Record<string, unknown>;

export interface GeminiRoute {
  operation: SimRequest['operation'];
  stream: boolean;
  model?: string;
}

const invalid = (message: string) => new SimulatorRequestError(message, 400);

const partsOf = (content: unknown): Json[] =>
  isObject(content) && Array.isArray(content.parts) ? content.parts.filter(isObject) : [];

const textOf = (content: unknown): string =>
  partsOf(content)
    .map((part) => (typeof part.text === 'string' && part.thought !== true ? part.text : ''))
    .join('');

const json = (value: unknown): string => (value === undefined ? '' : JSON.stringify(value));

const invalidValue = (path: string, value: unknown) =>
  invalid(`Invalid value at '${path}', ${JSON.stringify(value) ?? 'undefined'}`);

/** The real API's field paths are snake_case in its messages (`function_declarations`). */
export function checkContents(contents: unknown, path: string): Json[] {
  if (contents === undefined || (Array.isArray(contents) && contents.length === 0)) {
    throw invalid(`* ${path}: contents is not specified\n`);
  }
  if (!Array.isArray(contents)) {
    throw invalidValue(path, contents);
  }
  contents.forEach((content, i) => {
    if (!isObject(content)) {
      throw invalidValue(`${path}[${i}]`, content);
    }
    if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
      throw invalid('Please use a valid role: user, model.');
    }
    if (partsOf(content).length === 0) {
      throw invalid(`* ${path}[${i}].parts: contents.parts must not be empty.\n`);
    }
  });
  return contents as Json[];
}

/** Gemini refuses a function call turn that is not answered, part for part, by the next turn. */
export function checkFunctionTurns(contents: Json[]): void {
  contents.forEach((content, i) => {
    const responses = partsOf(content).filter((part) => isObject(part.functionResponse)).length;
    if (responses === 0) return;
    const previous = contents[i - 1];
    const calls = partsOf(previous).filter((part) => isObject(part.functionCall)).length;
    if (previous?.role !== 'model' || calls === 0) {
      throw invalid(
        'Please ensure that function response turn comes immediately after a function call turn.',
      );
    }
    if (calls !== responses) {
      throw invalid(
        'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
      );
    }
  });
}

export function checkTools(tools: unknown, path: string): Json[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) {
    throw invalidValue(path, tools);
  }
  const declarations: Json[] = [];
  tools.forEach((tool, i) => {
    if (!isObject(tool)) return;
    const list = Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
    list.forEach((declaration, j) => {
      if (!isObject(declaration) || typeof declaration.name !== 'string' || !declaration.name) {
        throw invalid(`* ${path}[${i}].function_declarations[${j}].name: Name cannot be empty.\n`);
      }
      declarations.push(declaration);
    });
  });
  return declarations;
}

/** Every text the model would read: system instruction, contents, tool calls and results, tools. */
export function promptTextOf(system: unknown, contents: Json[], declarations: Json[]): string {
  const texts = [textOf(system)];
  for (const content of contents) {
    for (const part of partsOf(content)) {
      if (typeof part.text === 'string') texts.push(part.text);
      if (isObject(part.functionCall)) {
        texts.push(String(part.functionCall.name ?? ''), json(part.functionCall.args));
      }
      if (isObject(part.functionResponse)) {
        texts.push(String(part.functionResponse.name ?? ''), json(part.functionResponse.response));
      }
    }
  }
  for (const declaration of declarations) {
    texts.push(
      String(declaration.name),
      String(declaration.description ?? ''),
      json(declaration.parametersJsonSchema ?? declaration.parameters),
    );
  }
  return texts.filter(Boolean).join('\n');
}

/** The text of the last user turn that has any: function results travel as user turns too. */
const lastUserTextOf = (contents: Json[]): string =>
  textOf(contents.findLast((content) => content.role !== 'model' && textOf(content) !== ''));

/**
 * Reads a `generateContent`, `streamGenerateContent` or `countTokens` body, refusing what the
 * real API refuses with its wording. `countTokens` takes `contents` or a whole
 * `generateContentRequest` (which also counts the system instruction and tools).
 */
export function parseGeminiRequest(
  body: unknown,
  route: GeminiRoute,
  headers: IncomingHttpHeaders,
): SimRequest {
  if (!isObject(body)) throw invalid('Invalid JSON payload received. Expected an object.');
  const counting = route.operation === 'count-tokens';
  const request =
    counting && isObject(body.generateContentRequest) ? body.generateContentRequest : body;
  const path = counting
    ? request === body
      ? 'CountTokensRequest'
      : 'CountTokensRequest.generate_content_request'
    : 'GenerateContentRequest';
  const contents = checkContents(request.contents, `${path}.contents`);
  // With an explicit cache, the turns before the first are in the cache: checked where it is read.
  if (request.cachedContent === undefined) checkFunctionTurns(contents);
  const declarations = checkTools(request.tools, `${path}.tools`);
  const config = isObject(request.generationConfig) ? request.generationConfig : {};
  const maxOutputTokens = config.maxOutputTokens;
  const settings = counting ? {} : checkGeminiSettings(request, contents, route.model ?? '');
  return {
    operation: route.operation,
    model: route.model ?? '',
    stream: route.stream,
    promptText: promptTextOf(request.systemInstruction, contents, declarations),
    lastUserText: lastUserTextOf(contents),
    toolNames: declarations.map((declaration) => String(declaration.name)),
    maxOutputTokens: typeof maxOutputTokens === 'number' ? maxOutputTokens : undefined,
    includeUsage: true,
    ...settings,
    body,
    headers,
  };
}
