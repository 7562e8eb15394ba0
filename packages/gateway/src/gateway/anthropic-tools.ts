import type { ToolChoice, ToolDefinition } from '@llmux/core';
import type { CacheBreakpoints } from './anthropic-cache-control.js';
import { anthropicKeys, isObject, refuseUnknownKeys } from './body-fields.js';
import { badField } from './request-field-error.js';

/**
 * Custom tools (`input_schema`) as core tool definitions; a `cache_control` on one is a
 * breakpoint after the tools. Anthropic's server tools (`web_search_20250305`, `bash_…`, ...) run
 * on Anthropic's side, which no other provider can do: they are refused by name.
 */
export function fromAnthropicTools(
  value: unknown,
  breakpoints: CacheBreakpoints,
): ToolDefinition[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw badField('tools', 'must be an array');
  return value.map((tool, index) => {
    const at = `tools[${index}]`;
    if (!isObject(tool)) throw badField(at, 'must be an object');
    if (tool.type !== undefined && tool.type !== null && tool.type !== 'custom') {
      const name = typeof tool.name === 'string' ? ` (${tool.name})` : '';
      throw badField(
        `${at}.type`,
        `the server tool "${String(tool.type)}"${name} is not supported: llmux routes across providers and runs only custom tools (with input_schema)`,
      );
    }
    const toolKeys = ['type', 'name', 'description', 'input_schema', 'cache_control'];
    refuseUnknownKeys(tool, at, toolKeys, anthropicKeys);
    if (typeof tool.name !== 'string' || !/^[\w-]{1,128}$/.test(tool.name)) {
      throw badField(`${at}.name`, 'must be 1 to 128 letters, digits, _ or -');
    }
    if (tool.description !== undefined && typeof tool.description !== 'string') {
      throw badField(`${at}.description`, 'must be a string');
    }
    if (!isObject(tool.input_schema) || tool.input_schema.type !== 'object') {
      throw badField(`${at}.input_schema`, 'must be a JSON Schema object with "type": "object"');
    }
    breakpoints.mark(tool.cache_control, `${at}.cache_control`, 'tools');
    return {
      name: tool.name,
      ...(tool.description !== undefined && { description: tool.description }),
      parameters: tool.input_schema,
    };
  });
}

/** `tool_choice` as core's, and `disable_parallel_tool_use` as `parallelToolCalls: false`. */
export function fromAnthropicToolChoice(value: unknown): {
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
} {
  if (value === undefined || value === null) return {};
  const problem = 'must be { "type": "auto" | "any" | "none" } or { "type": "tool", "name" }';
  if (!isObject(value)) throw badField('tool_choice', problem);
  const { type } = value;
  const known =
    type === 'none'
      ? ['type']
      : type === 'tool'
        ? ['type', 'name', 'disable_parallel_tool_use']
        : ['type', 'disable_parallel_tool_use'];
  refuseUnknownKeys(value, 'tool_choice', known, anthropicKeys);
  const parallel = value.disable_parallel_tool_use;
  if (parallel !== undefined && typeof parallel !== 'boolean') {
    throw badField('tool_choice.disable_parallel_tool_use', 'must be true or false');
  }
  const parallelToolCalls = parallel === true ? { parallelToolCalls: false } : {};
  if (type === 'auto') return { toolChoice: 'auto', ...parallelToolCalls };
  if (type === 'any') return { toolChoice: 'required', ...parallelToolCalls };
  if (type === 'none') return { toolChoice: 'none' };
  if (type === 'tool') {
    if (typeof value.name !== 'string' || value.name === '') {
      throw badField('tool_choice.name', 'must be a non-empty string');
    }
    return { toolChoice: { type: 'tool', toolName: value.name }, ...parallelToolCalls };
  }
  throw badField('tool_choice.type', problem);
}
