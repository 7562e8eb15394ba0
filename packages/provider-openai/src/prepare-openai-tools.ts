import { checkTools, type ToolChoice, type ToolDefinition, type Warning } from '@llmux/core';
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';

export interface OpenAITools {
  tools?: ChatCompletionFunctionTool[];
  tool_choice?: ChatCompletionToolChoiceOption;
  warnings: Warning[];
}

const toolChoiceOf = (
  choice: ToolChoice | undefined,
): ChatCompletionToolChoiceOption | undefined =>
  typeof choice === 'object' ? { type: 'function', function: { name: choice.toolName } } : choice;

/** Core tools and tool choice (checked by core's `checkTools`) as Chat Completions `tools` and `tool_choice`. */
export function prepareOpenAITools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
): OpenAITools {
  const checked = checkTools(tools, toolChoice);
  if (checked.tools.length === 0) return { warnings: checked.warnings };
  return {
    tools: checked.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    })),
    tool_choice: toolChoiceOf(checked.toolChoice),
    warnings: checked.warnings,
  };
}
