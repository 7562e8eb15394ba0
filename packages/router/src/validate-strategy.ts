import type { Strategy } from './compiled-config.js';
import type { ConfigContext } from './config-context.js';
import { checkNumber, checkObject, isRecord } from './validate-fields.js';

const strategyNames = ['priority', 'cheapest', 'lowest-latency', 'weighted', 'least-busy'] as const;
const DEFAULT_OUTPUT_TOKENS = 1_000;

/** Checks a strategy, given by name or as `{ type, ... }`. */
export function compileStrategy(ctx: ConfigContext, value: unknown, path: string): Strategy {
  const spec = typeof value === 'string' ? { type: value } : value;
  if (!isRecord(spec) || !strategyNames.includes(spec.type as never)) {
    ctx.issues.add(path, `must be one of ${strategyNames.join(', ')} (or { type, ... })`);
    return { type: 'priority' };
  }
  switch (spec.type) {
    case 'cheapest': {
      checkObject(spec, path, ['type', 'outputTokens'], ctx.issues);
      const outputTokens =
        spec.outputTokens === undefined
          ? DEFAULT_OUTPUT_TOKENS
          : checkNumber(spec.outputTokens, `${path}.outputTokens`, 'positive', ctx.issues);
      return { type: 'cheapest', outputTokens: outputTokens ?? DEFAULT_OUTPUT_TOKENS };
    }
    case 'weighted': {
      checkObject(spec, path, ['type', 'weights'], ctx.issues);
      const weights = new Map<string, number>();
      if (isRecord(spec.weights)) {
        for (const [id, weight] of Object.entries(spec.weights)) {
          const at = `${path}.weights["${id}"]`;
          if (!ctx.candidates.some((c) => c.id === id)) ctx.issues.add(at, 'is not a candidate');
          const checked = checkNumber(weight, at, 'positive', ctx.issues);
          if (checked !== undefined) weights.set(id, checked);
        }
      } else if (spec.weights !== undefined) {
        ctx.issues.add(`${path}.weights`, 'must be an object of "provider/model": weight');
      }
      return { type: 'weighted', weights };
    }
    case 'lowest-latency':
      checkObject(spec, path, ['type'], ctx.issues);
      ctx.needSource('health', path);
      return { type: 'lowest-latency' };
    case 'least-busy':
      checkObject(spec, path, ['type'], ctx.issues);
      ctx.needSource('headroom', path);
      return { type: 'least-busy' };
    default:
      checkObject(spec, path, ['type'], ctx.issues);
      return { type: 'priority' };
  }
}
