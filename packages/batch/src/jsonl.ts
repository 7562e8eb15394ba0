import { LlmuxError } from '@llmux/core';

/** JSON Lines: one value per line. */
export const toJsonl = (values: unknown[]): string =>
  values.map((value) => `${JSON.stringify(value)}\n`).join('');

/** The values of a JSON Lines text; a line that is not JSON is the sender's fault. */
export function parseJsonl(text: string, source: string): unknown[] {
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line)];
    } catch {
      throw new LlmuxError({
        kind: 'server_error',
        message: `${source}: line ${index + 1} is not JSON`,
      });
    }
  });
}
