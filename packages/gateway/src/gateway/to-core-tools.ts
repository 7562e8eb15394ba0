import {
  type ToolChoice,
  type ToolDefinition,
  unsupportedSetting,
  type Warning,
} from '@llmux/core';
import {
  absent,
  booleanField,
  isObject,
  type Json,
  nameField,
  refuseUnknownKeys,
  textField,
} from './body-fields.js';
import { checkNesting } from './json-nesting.js';
import { badField } from './request-field-error.js';

const customTools = 'custom tools are not supported; use function tools';
const toolKeys = new Set(['type', 'function']);
const functionKeys = new Set(['name', 'description', 'parameters', 'strict']);

function tool(value: unknown, at: string, warnings: Warning[]): ToolDefinition {
  if (!isObject(value)) throw badField(at, 'must be an object');
  if (value.type === 'custom') throw badField(`${at}.type`, customTools);
  if (value.type !== 'function') throw badField(`${at}.type`, 'must be "function"');
  refuseUnknownKeys(value, at, toolKeys);
  const fn = value.function;
  if (!isObject(fn)) throw badField(`${at}.function`, 'must be an object');
  refuseUnknownKeys(fn, `${at}.function`, functionKeys);
  const name = nameField(fn.name, `${at}.function.name`);
  const description = textField(fn.description, `${at}.function.description`);
  if (!absent(fn.parameters) && !isObject(fn.parameters)) {
    throw badField(`${at}.function.parameters`, 'must be a JSON Schema object');
  }
  checkNesting(fn.parameters, `${at}.function.parameters`);
  // Agent SDKs send `strict: true` by default: refusing it would turn them away, so it is said.
  if (booleanField(fn.strict, `${at}.function.strict`) === true) {
    warnings.push(
      unsupportedSetting(
        `${at}.function.strict`,
        'not enforced: tool schemas go to the providers without strict mode',
      ),
    );
  }
  return {
    name,
    ...(description !== undefined && { description }),
    parameters: (fn.parameters as Json | null | undefined) ?? { type: 'object', properties: {} },
  };
}

const namedFunction = (value: unknown, param: string): string => {
  const name = isObject(value) && isObject(value.function) ? value.function.name : undefined;
  if (typeof name !== 'string' || name === '') {
    throw badField(param, 'must name a function: { type: "function", function: { name } }');
  }
  return name;
};

/**
 * `allowed_tools` restricts the calls to some of the tools: the others are left out of the
 * request, which the providers then cannot call.
 */
function allowedTools(
  value: unknown,
  tools: ToolDefinition[],
): { tools: ToolDefinition[]; toolChoice: ToolChoice } {
  const param = 'tool_choice.allowed_tools';
  if (!isObject(value)) throw badField(param, 'must be an object');
  const mode = value.mode;
  if (mode !== 'auto' && mode !== 'required')
    throw badField(`${param}.mode`, 'must be auto or required');
  if (!Array.isArray(value.tools)) throw badField(`${param}.tools`, 'must be an array');
  const names = new Set(
    value.tools.map((entry, index) => namedFunction(entry, `${param}.tools[${index}]`)),
  );
  for (const name of names) {
    if (!tools.some((t) => t.name === name)) {
      throw badField(`${param}.tools`, `names "${name}", which is not one of the tools`);
    }
  }
  return { tools: tools.filter((t) => names.has(t.name)), toolChoice: mode };
}

export interface CoreTools {
  tools: ToolDefinition[] | undefined;
  toolChoice: ToolChoice | undefined;
  /** Settings of the tools no provider will honour. */
  warnings: Warning[];
}

/** `tools` and `tool_choice` as core's tools and choice. */
export function toCoreTools(toolsValue: unknown, choice: unknown): CoreTools {
  const warnings: Warning[] = [];
  let tools: ToolDefinition[] | undefined;
  if (!absent(toolsValue)) {
    if (!Array.isArray(toolsValue)) throw badField('tools', 'must be an array');
    tools = toolsValue.map((value, index) => tool(value, `tools[${index}]`, warnings));
  }
  if (absent(choice)) return { tools, toolChoice: undefined, warnings };
  if (choice === 'auto' || choice === 'none' || choice === 'required') {
    return { tools, toolChoice: choice, warnings };
  }
  if (isObject(choice) && choice.type === 'custom') throw badField('tool_choice.type', customTools);
  if (isObject(choice) && choice.type === 'allowed_tools') {
    return { ...allowedTools(choice.allowed_tools, tools ?? []), warnings };
  }
  if (isObject(choice) && choice.type === 'function') {
    const toolName = namedFunction(choice, 'tool_choice');
    return { tools, toolChoice: { type: 'tool', toolName }, warnings };
  }
  throw badField(
    'tool_choice',
    'must be auto, none, required, { type: "function", function: { name } } or { type: "allowed_tools", allowed_tools }',
  );
}
