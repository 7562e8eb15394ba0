import { FunctionCallingConfigMode, type Tool, type ToolConfig } from '@google/genai';
import { LlmuxError, type ToolChoice, type ToolDefinition, type Warning } from '@llmux/core';

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

/**
 * Tools as Gemini `functionDeclarations` (JSON Schema parameters as `parametersJsonSchema`), and
 * the tool choice as `toolConfig.functionCallingConfig`: `required` is mode ANY, one named tool is
 * ANY limited to `allowedFunctionNames`.
 */
export function prepareGeminiTools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
): GeminiTools {
  if (!tools || tools.length === 0) {
    const warnings: Warning[] =
      toolChoice === undefined
        ? []
        : [{ type: 'unsupported-setting', setting: 'toolChoice', details: 'no tools were given' }];
    return { warnings };
  }
  const functionDeclarations = tools.map((tool, i) => {
    if (typeof tool?.name !== 'string' || tool.name === '') {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `tools[${i}].name must be a non-empty string`,
      });
    }
    return {
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parametersJsonSchema: tool.parameters,
    };
  });
  const result: GeminiTools = { tools: [{ functionDeclarations }], warnings: [] };
  if (toolChoice === undefined) return result;
  if (typeof toolChoice === 'string') {
    const mode = Object.hasOwn(modes, toolChoice) ? modes[toolChoice] : undefined;
    if (!mode) {
      throw new LlmuxError({
        kind: 'invalid_request',
        message: `toolChoice must be auto, none, required or { type: 'tool', toolName }, got ${JSON.stringify(toolChoice)}`,
      });
    }
    result.toolConfig = { functionCallingConfig: { mode } };
    return result;
  }
  if (!tools.some((tool) => tool.name === toolChoice.toolName)) {
    throw new LlmuxError({
      kind: 'invalid_request',
      message: `toolChoice.toolName "${toolChoice.toolName}" is not one of the tools given`,
    });
  }
  result.toolConfig = {
    functionCallingConfig: {
      mode: FunctionCallingConfigMode.ANY,
      allowedFunctionNames: [toolChoice.toolName],
    },
  };
  return result;
}
