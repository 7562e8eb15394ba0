import { FunctionCallingConfigMode, type Tool, type ToolConfig } from '@google/genai';
import { checkTools, type ToolChoice, type ToolDefinition, type Warning } from '@llmux/core';

export interface GeminiTools {
  tools?: Tool[];
  toolConfig?: ToolConfig;
  warnings: Warning[];
}

const modes = {
  auto: FunctionCallingConfigMode.AUTO,
  none: FunctionCallingConfigMode.NONE,
  required: FunctionCallingConfigMode.ANY,
} as const;

const toolConfigOf = (choice: ToolChoice): ToolConfig =>
  typeof choice === 'object'
    ? {
        functionCallingConfig: {
          mode: FunctionCallingConfigMode.ANY,
          allowedFunctionNames: [choice.toolName],
        },
      }
    : { functionCallingConfig: { mode: modes[choice] } };

/**
 * Tools (checked by core's `checkTools`) as Gemini `functionDeclarations`, JSON Schema parameters
 * as `parametersJsonSchema`, and the tool choice as `toolConfig.functionCallingConfig`:
 * `required` is mode ANY, one named tool is ANY limited to `allowedFunctionNames`.
 */
export function prepareGeminiTools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
): GeminiTools {
  const checked = checkTools(tools, toolChoice);
  if (checked.tools.length === 0) return { warnings: checked.warnings };
  const functionDeclarations = checked.tools.map((tool) => ({
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    parametersJsonSchema: tool.parameters,
  }));
  return {
    tools: [{ functionDeclarations }],
    ...(checked.toolChoice === undefined ? {} : { toolConfig: toolConfigOf(checked.toolChoice) }),
    warnings: checked.warnings,
  };
}
