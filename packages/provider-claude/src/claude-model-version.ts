/** A Claude model's version, read from its id; see `claudeVersion`. */
export interface ClaudeVersion {
  major: number;
  minor: number;
}

const NEW_STYLE = /^claude-[a-z]+-(\d{1,2})(?:-(\d{1,2}))?(?:-\d{8})?$/;
const OLD_STYLE = /^claude-(\d)(?:-(\d))?-[a-z]+(?:-\d{8}|-latest)?$/;

/**
 * `claude-sonnet-4-5-20250929` → 4.5, `claude-opus-5` → 5.0, `claude-3-7-sonnet-20250219` → 3.7;
 * undefined for an id without a version (`claude-mythos-preview`, a proxy's own name), which the
 * feature checks treat as a current model.
 */
export function claudeVersion(modelId: string): ClaudeVersion | undefined {
  const match = NEW_STYLE.exec(modelId) ?? OLD_STYLE.exec(modelId);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2] ?? 0) };
}

/** Whether a version is at least `major.minor`; an unknown version counts as current. */
export const atLeast = (version: ClaudeVersion | undefined, major: number, minor = 0): boolean =>
  version === undefined ||
  version.major > major ||
  (version.major === major && version.minor >= minor);
