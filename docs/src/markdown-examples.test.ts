import { describe, expect, it } from 'vitest';
import { markdownExamples } from './markdown-examples.js';

const fence = '```';

describe('markdownExamples', () => {
  it('takes the ts blocks after a marker, and only those', () => {
    const markdown = [
      '# Title',
      `${fence}ts`,
      'unmarked();',
      fence,
      '<!-- example: first -->',
      `${fence}ts`,
      "const a = 'x';",
      '',
      'console.log(a);',
      fence,
      '',
      '<!--example:second-one-->',
      '',
      `${fence}typescript`,
      'second();',
      fence,
    ].join('\n');
    expect(markdownExamples(markdown)).toEqual([
      { name: 'first', code: "const a = 'x';\n\nconsole.log(a);\n", line: 5 },
      { name: 'second-one', code: 'second();\n', line: 12 },
    ]);
  });

  it('refuses a marker without a ts block after it, naming its line', () => {
    expect(() => markdownExamples(['', '<!-- example: a -->', 'text'].join('\n'))).toThrow(
      'line 2: example "a" is not followed by a ```ts block',
    );
    expect(() =>
      markdownExamples(['<!-- example: a -->', `${fence}sh`, 'ls', fence].join('\n')),
    ).toThrow('line 1: example "a" is not followed by a ```ts block');
    expect(() =>
      markdownExamples(['<!-- example: a -->', `${fence}ts`, 'x();'].join('\n')),
    ).toThrow('line 1: example "a" is not followed by a ```ts block');
  });

  it('refuses a name used twice', () => {
    const block = ['<!-- example: a -->', `${fence}ts`, 'x();', fence];
    expect(() => markdownExamples([...block, ...block].join('\n'))).toThrow(
      'line 5: example "a" is named twice',
    );
  });
});
