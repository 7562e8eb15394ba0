import { seededRandom } from '@llmux/core';
import type { ScriptedReply, SimRequest } from '@llmux/testkit';
import { pick } from './random-draws.js';

const sentences = [
  'The first errors come from the payments provider timing out after deploy 4127.',
  'Connection pool exhaustion on the primary database follows within a minute.',
  'Roll back the deploy and raise the pool size to 80 while the fix is reviewed.',
  'The blast radius is checkout and orders; search and auth are unaffected.',
  'Page the payments on-call; this is actionable.',
  '- const rate = rule.percent / 100;\n+ const rate = (rule?.percent ?? 0) / 100;',
] as const;

/** FNV-1a over the prompt's length and ends: the same prompt always gets the same answer. */
function promptHash(text: string): number {
  let hash = 0x811c9dc5;
  const sample = `${text.length}:${text.slice(0, 256)}${text.slice(-256)}`;
  for (let i = 0; i < sample.length; i++) {
    hash ^= sample.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Characters per token, as the simulator counts output. */
const CHARS_PER_TOKEN = 4;

/**
 * A simulator `reply` for the scenario: an incident-style answer of 30% to 90% of the request's
 * `maxOutputTokens` (400 tokens without one), chosen by the prompt, so answers vary in size
 * the way real ones do and a repeated prompt gets the same answer.
 */
export function incidentAnswer(request: SimRequest): ScriptedReply {
  const random = seededRandom(promptHash(request.promptText));
  const budget = request.maxOutputTokens ?? 400;
  const chars = Math.round(budget * (0.3 + random() * 0.6)) * CHARS_PER_TOKEN;
  const parts: string[] = [];
  let length = 0;
  while (length < chars) {
    const next = pick(random, sentences);
    parts.push(next);
    length += next.length + 1;
  }
  return { text: parts.join(' ').slice(0, chars) };
}
