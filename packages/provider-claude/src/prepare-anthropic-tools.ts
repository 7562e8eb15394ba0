import type { ToolChoice, ToolDefinition, Warning } from '@llmux/core';
import type { ToolChoice as AnthropicToolChoice, ToolUnion } from './anthropic-types.js';

export interface PreparedTools {
  tools?: ToolUnion[];
  toolChoice?: AnthropicToolChoice;
  warnings: Warning[];
}

/** Core tools and tool choice as the Messages API takes them; `'required'` is Anthropic's `any`. */
export function prepareAnthropicTools(options: {
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  disableParallelToolUse?: boolean;
}): PreparedTools {
  const { tools = [], toolChoice, disableParallelToolUse } = options;
  const warnings: Warning[] = [];
  if (tools.length === 0) {
    if (toolChoice !== undefined) {
      warnings.push({
        type: 'unsupported-setting',
        setting: 'toolChoice',
        details: 'no tools were given',
      });
    }
    return { warnings };
  }
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
