import { LlmuxError } from './errors.js';
import { isPlainObject } from './is-plain-object.js';
import type { ToolChoice, ToolDefinition } from './request.js';
import type { Warning } from './response.js';
import { unsupportedSetting } from './unsupported-setting.js';

export interface CheckedTools {
  /** The request's tools; empty when it has none. */
  tools: ToolDefinition[];
  /** The tool choice, left out when there are no tools to choose from. */
  toolChoice?: ToolChoice;
  warnings: Warning[];
}

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

/**
 * Checks a request's tools and tool choice before an adapter maps them to its provider's wire:
 * a malformed tool, a repeated name or a choice that names no given tool is an `invalid_request`
 * naming it, and a tool choice without tools is dropped with a warning.
 */
export function checkTools(tools: unknown, toolChoice: unknown): CheckedTools {
  if (tools !== undefined && !Array.isArray(tools)) throw invalid('tools must be an array');
  if (!tools || tools.length === 0) {
    const warnings: Warning[] =
      toolChoice === undefined ? [] : [unsupportedSetting('toolChoice', 'no tools were given')];
    return { tools: [], warnings };
  }
  const names = new Set<string>();
  tools.forEach((tool: Partial<ToolDefinition> | null, i) => {
    if (typeof tool?.name !== 'string' || tool.name === '') {
      throw invalid(`tools[${i}].name must be a non-empty string`);
    }
    if (names.has(tool.name)) throw invalid(`tools[${i}].name "${tool.name}" is given twice`);
    names.add(tool.name);
    if (!isPlainObject(tool.parameters)) {
      throw invalid(`tools[${i}].parameters must be a JSON Schema object`);
    }
    if (tool.description !== undefined && typeof tool.description !== 'string') {
      throw invalid(`tools[${i}].description must be a string`);
    }
  });
  const known =
    toolChoice === undefined ||
    toolChoice === 'auto' ||
    toolChoice === 'none' ||
    toolChoice === 'required' ||
    (isPlainObject(toolChoice) &&
      (toolChoice as { type?: unknown }).type === 'tool' &&
      names.has((toolChoice as { toolName?: unknown }).toolName as string));
  if (!known) {
    throw invalid(
      `toolChoice must be auto, none, required or { type: 'tool', toolName } naming one of the tools, got ${JSON.stringify(toolChoice)}`,
    );
  }
  return {
    tools: tools as ToolDefinition[],
    ...(toolChoice === undefined ? {} : { toolChoice: toolChoice as ToolChoice }),
    warnings: [],
  };
}
