/** Every problem found in a configuration, each named by the path of its field. */
export class ConfigIssues {
  readonly list: string[] = [];

  add(path: string, problem: string): void {
    this.list.push(`${path}: ${problem}`);
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  return value === null || typeof value !== 'object' ? String(value) : 'an object';
};

interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
}

/**
 * One object of the configuration, read field by field. A bad field is recorded as an issue and
 * read as its default, so a single pass reports every problem at once.
 */
export class Section {
  private constructor(
    private readonly value: Record<string, unknown>,
    readonly path: string,
    private readonly issues: ConfigIssues,
  ) {}

  /** The object at `path`; an absent one reads as empty, anything else is an issue. */
  static of(value: unknown, path: string, issues: ConfigIssues): Section {
    if (value !== undefined && !isRecord(value)) {
      issues.add(path || '(root)', `must be an object, got ${describe(value)}`);
    }
    return new Section(isRecord(value) ? value : {}, path, issues);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined;
  }

  keys(): string[] {
    return Object.keys(this.value);
  }

  raw(key: string): unknown {
    return this.value[key];
  }

  problem(key: string, problem: string): void {
    this.issues.add(this.at(key), problem);
  }

  /** Records a field this section does not know (a typo, most of the time). */
  only(known: readonly string[]): this {
    for (const key of this.keys()) {
      if (!known.includes(key))
        this.problem(key, `is not a known field (known: ${known.join(', ')})`);
    }
    return this;
  }

  section(key: string): Section {
    return Section.of(this.value[key], this.at(key), this.issues);
  }

  string(key: string): string | undefined;
  string(key: string, fallback: string): string;
  string(key: string, fallback?: string): string | undefined {
    const value = this.value[key];
    if (value === undefined) return fallback;
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(key, `must be a non-empty string, got ${describe(value)}`);
    return fallback;
  }

  oneOf<T extends string>(key: string, choices: readonly T[], fallback: T): T;
  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined;
  oneOf<T extends string>(key: string, choices: readonly T[], fallback?: T): T | undefined {
    const value = this.value[key];
    if (value === undefined) return fallback;
    if (choices.includes(value as T)) return value as T;
    this.problem(key, `must be one of ${choices.join(', ')}, got ${describe(value)}`);
    return fallback;
  }

  number(key: string, rule: NumberRule, fallback: number): number;
  number(key: string, rule: NumberRule): number | undefined;
  number(key: string, rule: NumberRule, fallback?: number): number | undefined {
    const value = this.value[key];
    if (value === undefined) return fallback;
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      (!rule.integer || Number.isInteger(value)) &&
      (rule.min === undefined || value >= rule.min) &&
      (rule.max === undefined || value <= rule.max);
    if (ok) return value;
    const bounds = [
      rule.min === undefined ? '' : `>= ${rule.min}`,
      rule.max === undefined ? '' : `<= ${rule.max}`,
    ].filter(Boolean);
    const expected = `${rule.integer ? 'an integer' : 'a number'}${bounds.length ? ` ${bounds.join(' and ')}` : ''}`;
    this.problem(key, `must be ${expected}, got ${describe(value)}`);
    return fallback;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value[key];
    if (value === undefined) return fallback;
    if (typeof value === 'boolean') return value;
    this.problem(key, `must be true or false, got ${describe(value)}`);
    return fallback;
  }

  url(key: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (URL.canParse(value)) return value;
    this.problem(key, `must be an absolute URL, got ${describe(value)}`);
    return undefined;
  }

  /** The name of an environment variable (never its value, which is a secret). */
  envName(key: string): string | undefined;
  envName(key: string, fallback: string): string;
  envName(key: string, fallback?: string): string | undefined {
    const value = this.string(key);
    if (value === undefined) return fallback;
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return value;
    this.problem(key, 'must be the name of an environment variable (letters, digits, _)');
    return fallback;
  }
}
