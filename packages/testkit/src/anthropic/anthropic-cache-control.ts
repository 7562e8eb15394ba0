import { isObject } from '../simulator/is-object.js';
import { SimulatorRequestError } from '../simulator/types.js';

/** One block of a Messages API prompt, where the API reads it, and its cache breakpoint. */
export interface PromptBlock {
  block: Record<string, unknown>;
  /** `tools.0`, `system.1`, `messages.2.content.0`: how the API's errors name it. */
  path: string;
  /** The lifetime of the breakpoint on this block, if it has one. */
  ttl?: '5m' | '1h';
}

/** Anthropic takes at most this many `cache_control` breakpoints in one request. */
export const MAX_BREAKPOINTS = 4;

const refuse = (message: string) => new SimulatorRequestError(message, 400);

const blocksOf = (content: unknown, path: string): Array<[Record<string, unknown>, string]> => {
  if (typeof content === 'string') return [[{ type: 'text', text: content }, `${path}.0`]];
  if (!Array.isArray(content)) return [];
  return content.filter(isObject).map((block, index) => [block, `${path}.${index}`]);
};

/** The breakpoint lifetime of a block's `cache_control`, refused as the API refuses it. */
function ttlOf(block: Record<string, unknown>, path: string): PromptBlock['ttl'] {
  const control = block.cache_control;
  if (control === undefined || control === null) return undefined;
  if (!isObject(control) || control.type !== 'ephemeral') {
    throw refuse(`${path}.cache_control.type: Input should be 'ephemeral'`);
  }
  const ttl = control.ttl ?? '5m';
  if (ttl !== '5m' && ttl !== '1h') {
    throw refuse(`${path}.cache_control.ephemeral.ttl: Input should be '5m' or '1h'`);
  }
  return ttl;
}

/**
 * The blocks of a Messages API body in the order the API caches them (tools, system, messages),
 * with their breakpoints. Refuses, with the API's wording, more than four breakpoints, a lifetime
 * other than `5m` or `1h`, and a 1-hour breakpoint after a 5-minute one.
 */
export function promptBlocks(body: Record<string, unknown>): PromptBlock[] {
  const found: Array<[Record<string, unknown>, string]> = [
    ...(Array.isArray(body.tools) ? body.tools : [])
      .filter(isObject)
      .map((tool, index): [Record<string, unknown>, string] => [tool, `tools.${index}`]),
    ...blocksOf(body.system, 'system'),
    ...(Array.isArray(body.messages) ? body.messages : []).flatMap((message, index) =>
      isObject(message) ? blocksOf(message.content, `messages.${index}.content`) : [],
    ),
  ];
  const blocks = found.map(([block, path]) => ({ block, path, ttl: ttlOf(block, path) }));
  const breakpoints = blocks.filter((block) => block.ttl !== undefined);
  if (breakpoints.length > MAX_BREAKPOINTS) {
    throw refuse(
      `A maximum of ${MAX_BREAKPOINTS} blocks with cache_control may be provided. Found ${breakpoints.length}.`,
    );
  }
  const firstShort = breakpoints.findIndex((block) => block.ttl === '5m');
  if (firstShort >= 0 && breakpoints.slice(firstShort).some((block) => block.ttl === '1h')) {
    throw refuse(
      "A ttl='1h' cache_control block must not come after a ttl='5m' cache_control block. Note that blocks are processed in the following order: `tools`, `system`, `messages`.",
    );
  }
  return blocks;
}
