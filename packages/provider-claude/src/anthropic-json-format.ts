import {
  type JsonSchema,
  LlmuxError,
  type ResponseFormat,
  unsupportedSetting as unsupported,
  type Warning,
} from '@llmux/core';
import type { ToolChoice, ToolUnion } from './anthropic-types.js';
import { claudeStructuredOutputs } from './claude-model-features.js';

/** The tool whose input is the answer, when JSON is had by forcing a tool call. */
export const JSON_TOOL = 'json';

export interface AnthropicJsonFormat {
  /** `output_config.format`: structured outputs. */
  format?: { type: 'json_schema'; schema: JsonSchema };
  /** A forced tool whose input is the JSON answer (see `JSON_TOOL`). */
  tool?: ToolUnion;
  toolChoice?: ToolChoice;
  /** A line for the system prompt, where nothing can force JSON. */
  instruction?: string;
  warnings: Warning[];
}

/**
 * A JSON response format as Claude can have it. A schema becomes structured outputs where the
 * model has them (always enforced, so `strict` holds). JSON without a schema (which structured
 * outputs cannot express), or a schema for an older model, comes from a forced tool whose input
 * is the answer, mapped back to text. Where a tool cannot be forced (the request has tools of its
 * own, or thinking is on), the system prompt asks for JSON, with a warning.
 */
export function anthropicJsonFormat(
  format: ResponseFormat | undefined,
  context: { modelId: string; hasTools: boolean; thinking: boolean },
): AnthropicJsonFormat {
  if (format === undefined || format.type === 'text') return { warnings: [] };
  if (format.type !== 'json') {
    throw new LlmuxError({
      kind: 'invalid_request',
      provider: 'anthropic',
      message: `responseFormat.type must be text or json, got ${JSON.stringify((format as { type?: unknown }).type)}`,
    });
  }
  const { schema } = format;
  const structured = claudeStructuredOutputs(context.modelId);
  if (schema && structured) return { format: { type: 'json_schema', schema }, warnings: [] };
  const warnings: Warning[] = [];
  if (schema && format.strict) {
    warnings.push(
      unsupported(
        'responseFormat.strict',
        `${context.modelId} has no structured outputs: the schema guides the answer but is not enforced`,
      ),
    );
  }
  const objectSchema = schema === undefined || schema.type === 'object';
  if (!context.hasTools && !context.thinking && objectSchema) {
    return {
      tool: {
        name: JSON_TOOL,
        description: format.description ?? 'Give the answer as this JSON object.',
        input_schema: { type: 'object', ...schema },
      },
      toolChoice: { type: 'tool', name: JSON_TOOL },
      warnings,
    };
  }
  const why = context.thinking
    ? 'a tool cannot be forced while Claude thinks'
    : context.hasTools
      ? 'the request has tools of its own'
      : 'the schema is not an object';
  warnings.push(unsupported('responseFormat', `${why}: JSON was asked for in the system prompt`));
  return {
    instruction: `Answer with one valid JSON value and nothing else: no prose, no code fences.${
      schema ? ` It must match this JSON Schema: ${JSON.stringify(schema)}` : ''
    }`,
    warnings,
  };
}
