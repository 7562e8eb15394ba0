import { LlmuxError, type ToolChoice, type ToolDefinition, type Warning } from '@llmux/core';
import type {
  ChatCompletionFunctionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';

export interface OpenAITools {
  tools?: ChatCompletionFunctionTool[];
  tool_choice?: ChatCompletionToolChoiceOption;
  warnings: Warning[];
}

const invalid = (message: string) => new LlmuxError({ kind: 'invalid_request', message });

/** Core tools and tool choice as Chat Completions `tools` and `tool_choice`. */
export function prepareOpenAITools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
): OpenAITools {
  if (tools !== undefined && !Array.isArray(tools)) throw invalid('tools must be an array');
  if (!tools || tools.length === 0) {
    const warnings: Warning[] =
      toolChoice === undefined
        ? []
        : [{ type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' }];
    return { warnings };
  }
  const prepared = tools.map((tool, index): ChatCompletionFunctionTool => {
    if (typeof tool?.name !== 'string' || tool.name === '') {
      throw invalid(`tools[${index}].name must be a non-empty string`);
    }
    if (typeof tool.parameters !== 'object' || tool.parameters === null) {
      throw invalid(`tools[${index}].parameters must be a JSON Schema object`);
    }
    return {
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    };
  });
  return { tools: prepared, tool_choice: mapToolChoice(toolChoice, tools), warnings: [] };
}

function mapToolChoice(
  choice: ToolChoice | undefined,
  tools: ToolDefinition[],
): ChatCompletionToolChoiceOption | undefined {
  if (choice === undefined || choice === 'auto' || choice === 'none' || choice === 'required') {
    return choice;
  }
  if (choice?.type === 'tool' && tools.some((tool) => tool.name === choice.toolName)) {
    return { type: 'function', function: { name: choice.toolName } };
  }
  throw invalid(
    `toolChoice must be auto, none, required or { type: 'tool', toolName } naming one of the tools, got ${JSON.stringify(choice)}`,
  );
}
