import type { GenerateRequest, TaskType } from '@llmux/core';

export interface ClassifyContext {
  /** The request's input tokens, as the router counted them. */
  inputTokens: number;
}

/** Names a request's task when `metadata.task` does not; undefined when it cannot tell. */
export type TaskClassifier = (
  request: GenerateRequest,
  context: ClassifyContext,
) => TaskType | undefined | Promise<TaskType | undefined>;

/** Input at or above which a request with no other signal is a `long-document` task. */
export const LONG_DOCUMENT_TOKENS = 20_000;

/** Instructions sit at the start or the end of a prompt; the middle is usually the material. */
const EDGE_CHARS = 2_000;

const codeAsk =
  /\b(write|implement|refactor|debug|fix|optimi[sz]e|generate|convert|port|review)\b[^.?!\n]{0,40}\b(code|function|method|class|script|program|module|query|regex|sql|unit tests?|bug|endpoint|component)\b/i;
const summaryAsk = /\b(summari[sz]e|summary|tl;?dr|key (points|takeaways)|condense|recap)\b/i;
const classifyAsk =
  /\b(classify|categori[sz]e|which (category|class|label)|sentiment|is (this|it) (spam|positive|negative))\b/i;
const codeSigns = /```|\bdef \w+\(|\bfunction\s*\w*\s*\(|\bclass \w+\s*[({:]|#include\s*</;
const reasoningAsk =
  /\b(step[- ]by[- ]step|prove|proof|derive|solve|calculate|how many|puzzle|trade-?offs?|think through)\b/i;

const edges = (text: string) =>
  text.length <= EDGE_CHARS * 2 ? text : `${text.slice(0, EDGE_CHARS)}\n${text.slice(-EDGE_CHARS)}`;

/** The system prompt and the last user message: where a request says what it wants. */
function instructionText(request: GenerateRequest): string {
  const parts: string[] = [];
  for (const message of request.messages) {
    if (message.role === 'system') parts.push(edges(message.content));
  }
  const last = request.messages.findLast((m) => m.role === 'user');
  if (last) {
    const text =
      typeof last.content === 'string'
        ? last.content
        : last.content.map((part) => (part.type === 'text' ? part.text : '')).join('\n');
    parts.push(edges(text));
  }
  return parts.join('\n');
}

/**
 * The default classifier: keyword heuristics over the instruction text, checked in this order:
 * `code` (asked to write or fix code), `summarization`, `classification`, `code` (code in the
 * prompt), `reasoning`, then `long-document` (large input), else `chat`.
 */
export const classifyTask: TaskClassifier = (request, { inputTokens }) => {
  const text = instructionText(request);
  if (codeAsk.test(text)) return 'code';
  if (summaryAsk.test(text)) return 'summarization';
  if (classifyAsk.test(text)) return 'classification';
  if (codeSigns.test(text)) return 'code';
  if (reasoningAsk.test(text)) return 'reasoning';
  if (inputTokens >= LONG_DOCUMENT_TOKENS) return 'long-document';
  return 'chat';
};
