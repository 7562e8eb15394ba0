import { checkTools, type GenerateRequest, unsupportedSetting, type Warning } from '@llmux/core';
import type { OllamaTool } from './ollama-wire.js';

/**
 * Tools as Ollama function tools. Ollama has no tool choice: `auto` is what it does anyway,
 * `none` sends no tools (so none can be called), and `required` or a named tool warn.
 */
export function prepareOllamaTools(
  request: Pick<GenerateRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>,
): { tools?: OllamaTool[]; warnings: Warning[] } {
  const checked = checkTools(request.tools, request.toolChoice);
  const warnings = [...checked.warnings];
  if (checked.tools.length === 0) return { warnings };
  if (request.parallelToolCalls !== undefined) {
    warnings.push(
      unsupportedSetting('parallelToolCalls', 'Ollama has no setting for parallel tool calls'),
    );
  }
  const choice = checked.toolChoice;
  if (choice === 'none') return { warnings };
  if (choice !== undefined && choice !== 'auto') {
    warnings.push(
      unsupportedSetting('toolChoice', 'Ollama has no tool choice: the model may answer in text'),
    );
  }
  return {
    tools: checked.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description === undefined ? {} : { description: tool.description }),
        parameters: tool.parameters,
      },
    })),
    warnings,
  };
}
