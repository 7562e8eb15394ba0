/**
 * A tool call's JSON arguments text as a value: `{}` when empty, and the raw text itself when it
 * is not valid JSON (a call cut short by the token limit), so nothing the model said is lost.
 */
export function parseToolArguments(text: string): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
