/** A code block of a Markdown file that is marked to be type-checked and run. */
export interface MarkdownExample {
  name: string;
  code: string;
  /** The 1-based line of the marker, for messages. */
  line: number;
}

const marker = /^<!--\s*example:\s*([\w-]+)\s*-->\s*$/;

/**
 * The ```ts blocks of a Markdown text that follow an `<!-- example: name -->` line (blank lines
 * between are allowed). A marker not followed by a ts block, or a name used twice, is an error:
 * an example that silently drops out of the test would be untested.
 */
export function markdownExamples(markdown: string): MarkdownExample[] {
  const lines = markdown.split('\n');
  const examples: MarkdownExample[] = [];
  lines.forEach((text, index) => {
    const name = marker.exec(text.trim())?.[1];
    if (name === undefined) return;
    let start = index + 1;
    while (lines[start]?.trim() === '') start++;
    const end = lines.findIndex((l, i) => i > start && l.trim() === '```');
    if (!/^```(ts|typescript)\s*$/.test(lines[start]?.trim() ?? '') || end === -1) {
      throw new Error(`line ${index + 1}: example "${name}" is not followed by a \`\`\`ts block`);
    }
    if (examples.some((example) => example.name === name)) {
      throw new Error(`line ${index + 1}: example "${name}" is named twice`);
    }
    examples.push({ name, code: `${lines.slice(start + 1, end).join('\n')}\n`, line: index + 1 });
  });
  return examples;
}
