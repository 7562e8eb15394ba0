import type {
  ErrorKind,
  GenerateRequest,
  LanguageModel,
  ModelCatalog,
  StreamEvent,
  Usage,
  Warning,
} from '@llmux/core';
import { expect } from 'vitest';
import type { Simulator } from '../simulator/start-simulator.js';
import type { ConformanceCapabilities, ConformanceOptions } from './conformance-options.js';
import type { WireView } from './wire-view.js';

/** How a case wants the adapter made. */
export interface ModelSettings {
  /** The adapter's own timeout setting, in milliseconds. */
  timeoutMs?: number;
  /** Through a proxy that splits every answer across network reads (see `startRechunkingProxy`). */
  rechunked?: boolean;
}

/** What every group of conformance cases shares: the running simulator and a model over it. */
export interface ConformanceContext {
  options: ConformanceOptions;
  catalog: ModelCatalog;
  provider: string;
  /** The API key the adapter is given: it must never show in an error. */
  apiKey: string;
  sim(): Simulator;
  model(settings?: ModelSettings): LanguageModel;
  /** A request the simulator received (default the last), as the adapter put it on the wire. */
  sent(index?: number): WireView;
  /** What `usage` costs: the catalog's price, or 0 for a free model. */
  costOf(usage: Usage): number;
  /** From now until the next case, every stream ends cleanly before its final event. */
  truncateStreams(): void;
  /** Why a case that needs `capability` is skipped; undefined when the adapter has it. */
  lacks(capability: keyof ConformanceCapabilities): string | undefined;
}

const lacking: Record<keyof ConformanceCapabilities, string> = {
  images: 'the provider takes no images',
  json: 'the provider has no JSON output',
  countTokens: 'the adapter counts no tokens',
  rateLimitHeaders: 'the provider sends no rate-limit headers',
  cacheUsage: 'the provider reports no cache usage',
  contentFilter: 'the provider has no content filter',
  reasoning: 'the model does not reason',
};

/** The skip reason for a capability the options turn off. */
export const lackedCapability = (
  options: ConformanceOptions,
  capability: keyof ConformanceCapabilities,
): string | undefined =>
  (options.capabilities?.[capability] ?? true)
    ? undefined
    : `${lacking[capability]} (capabilities.${capability}: false)`;

export const ask = (text: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
  messages: [{ role: 'user', content: text }],
  maxOutputTokens: 256,
  ...extra,
});

/** Whether a warning names a setting (or a field inside it, or a message part's `detail`). */
export const warnsAbout = (warning: Warning, setting: string): boolean =>
  warning.type === 'unsupported-setting' &&
  (warning.setting === setting ||
    warning.setting.startsWith(`${setting}.`) ||
    (setting === 'detail' && warning.setting.endsWith('.detail')));

/** Every event of a stream, in order. */
export const drain = async <T>(stream: AsyncIterable<T>): Promise<T[]> => {
  const events: T[] = [];
  for await (const event of stream) events.push(event);
  return events;
};

/** A 1x1 transparent PNG. */
export const tinyPng =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** A question about a screenshot: its text, then the image (at a `detail`, if given). */
export const imageRequest = (detail?: 'low'): GenerateRequest =>
  ask('What is in this screenshot?', {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this screenshot?' },
          {
            type: 'image',
            source: { kind: 'base64', mediaType: 'image/png', data: tinyPng },
            ...(detail ? { detail } : {}),
          },
        ],
      },
    ],
  });

/** A stream that broke after some text: no finish, and a retryable error of one of `kinds` last. */
export function expectBrokenStream(events: StreamEvent[], kinds: ErrorKind[]): void {
  expect(events.filter((e) => e.type === 'text-delta').length).toBeGreaterThan(0);
  expect(events.some((e) => e.type === 'finish')).toBe(false);
  const last = events.at(-1);
  expect(last?.type).toBe('error');
  if (last?.type === 'error') {
    expect(kinds).toContain(last.error.kind);
    expect(last.error.retryable).toBe(true);
  }
}
