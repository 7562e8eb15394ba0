/** Where progress goes: stderr in the CLI, a collecting stub in tests. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  /** One more request finished; `note` says what is going on (`Claude down`, `burst`). */
  tick(note?: string): void;
  /** Ends the bar with a newline (TTY). */
  done(): void;
}

const BAR_WIDTH = 30;

/**
 * A progress report of `total` requests: on a terminal a bar redrawn in place at each whole
 * percent or note change; elsewhere (CI logs, files) one plain line per 10%.
 */
export function createProgress(
  total: number,
  stream: ProgressStream,
  label = 'scenario',
): Progress {
  let finished = 0;
  let lastPercent = -1;
  let lastNote = '';
  const tty = stream.isTTY === true;

  const draw = (percent: number, note: string) => {
    const filled = Math.round((percent / 100) * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    const suffix = note ? `  ${note}` : '';
    stream.write(`\r\x1b[2K${label} [${bar}] ${finished}/${total} ${percent}%${suffix}`);
  };

  return {
    tick(note = '') {
      finished = Math.min(total, finished + 1);
      const percent = Math.floor((finished / total) * 100);
      if (tty) {
        if (percent !== lastPercent || note !== lastNote) draw(percent, note);
      } else {
        const decile = Math.floor(percent / 10);
        if (decile > Math.floor(lastPercent / 10) && decile > 0) {
          const suffix = note ? ` (${note})` : '';
          stream.write(`${label}: ${finished}/${total} requests, ${decile * 10}%${suffix}\n`);
        }
      }
      lastPercent = percent;
      lastNote = note;
    },
    done() {
      if (tty) stream.write('\n');
    },
  };
}
