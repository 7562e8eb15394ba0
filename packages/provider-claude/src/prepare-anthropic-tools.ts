import { checkTools, type ToolChoice, type ToolDefinition, type Warning } from '@llmux/core';
import type { ToolChoice as AnthropicToolChoice, ToolUnion } from './anthropic-types.js';

export interface PreparedTools {
  tools?: ToolUnion[];
  toolChoice?: AnthropicToolChoice;
  warnings: Warning[];
}

/**
 * Core tools and tool choice (checked by core's `checkTools`) as the Messages API takes them;
 * `'required'` is Anthropic's `any`.
 */
export function prepareAnthropicTools(options: {
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  disableParallelToolUse?: boolean;
}): PreparedTools {
  const { disableParallelToolUse } = options;
  const { tools, toolChoice, warnings } = checkTools(options.tools, options.toolChoice);
  if (tools.length === 0) return { warnings };
  const converted: ToolUnion[] = tools.map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: { type: 'object', ...tool.parameters },
  }));

  const parallel = disableParallelToolUse ? { disable_parallel_tool_use: true } : {};
  let choice: AnthropicToolChoice | undefined;
  if (toolChoice === 'none') choice = { type: 'none' };
  else if (toolChoice === 'required') choice = { type: 'any', ...parallel };
  else if (typeof toolChoice === 'object')
    choice = { type: 'tool', name: toolChoice.toolName, ...parallel };
  else if (toolChoice === 'auto' || disableParallelToolUse) choice = { type: 'auto', ...parallel };
  return { tools: converted, toolChoice: choice, warnings };
}
