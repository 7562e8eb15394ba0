import { tenantDigest } from '@llmux/core';
import { type Limits, type LimitsByScope, type NamedWindow, windowsOf } from './limits.js';

export type ScopeName = 'global' | 'provider' | 'model' | 'tenant' | 'key';

/** Whom a call is counted against. */
export interface Target {
  provider: string;
  model: string;
  /** One deployment of the model (an API key, a region), counted on its own; default its only one. */
  deployment?: string;
  tenant?: string;
  /** The API key's id (`metadata.keyId`), counted against `keyLimits` when it has limits. */
  key?: string;
}

/** Names what a call goes to in errors and events: `openai/gpt-5`, or `openai/gpt-5 (openai-eu:gpt-5)`. */
export const calleeOf = ({ provider, model, deployment }: Target): string =>
  deployment === undefined ? `${provider}/${model}` : `${provider}/${model} (${deployment})`;

/** One set of counts a call is checked against, and the limits that apply to it. */
export interface Scope {
  name: ScopeName;
  /** The scope's part of store keys. */
  key: string;
  /** Names the scope in errors and events; never holds a tenant (it may be an API key). */
  label: string;
  limits: Limits;
  /** The sliding windows of `limits`. */
  windows: NamedWindow[];
  /** Spend is counted without a budget too: global and tenant spend are reported to the router. */
  countsSpend: boolean;
  /** Calls in flight are counted without a limit too: reported as headroom. */
  countsInFlight: boolean;
}

const part = (value: string) => encodeURIComponent(value);

const tenantLimits = (limits: LimitsByScope, tenant: string): Limits =>
  (limits.tenants && Object.hasOwn(limits.tenants, tenant) ? limits.tenants[tenant] : undefined) ??
  limits.tenant ??
  {};

const withWindows = (limits: Limits) => ({ limits, windows: windowsOf(limits) });

/**
 * Every scope a call to `target` counts against, widest first: with `keyLimits` (its key's own),
 * a last scope for the key.
 */
export function scopesFor(limits: LimitsByScope, target: Target, keyLimits?: Limits): Scope[] {
  const { provider, model, tenant, key } = target;
  const scopes: Scope[] = [
    {
      name: 'global',
      key: 'g',
      label: 'global',
      ...withWindows(limits.global ?? {}),
      countsSpend: true,
      countsInFlight: false,
    },
  ];
  if (limits.provider) {
    scopes.push({
      name: 'provider',
      key: `p:${part(provider)}`,
      label: `provider ${provider}`,
      ...withWindows(limits.provider),
      countsSpend: false,
      countsInFlight: false,
    });
  }
  scopes.push({
    name: 'model',
    // Each deployment has its own allowance at the provider, so its own counts.
    key:
      target.deployment === undefined
        ? `m:${part(provider)}:${part(model)}`
        : `md:${part(target.deployment)}`,
    label: `model ${calleeOf(target)}`,
    ...withWindows(limits.model ?? {}),
    countsSpend: false,
    countsInFlight: true,
  });
  if (tenant !== undefined) {
    scopes.push({
      name: 'tenant',
      key: `t:${tenantDigest(tenant)}`,
      label: 'tenant',
      ...withWindows(tenantLimits(limits, tenant)),
      countsSpend: true,
      countsInFlight: false,
    });
  }
  if (key !== undefined && keyLimits) {
    scopes.push({
      name: 'key',
      key: `k:${tenantDigest(key)}`,
      label: 'key',
      ...withWindows(keyLimits),
      countsSpend: false,
      countsInFlight: false,
    });
  }
  return scopes;
}

/** The key a provider's "out of allowance" pause is kept under: per deployment of a model. */
export const pauseKeyOf = (target: Target): string =>
  target.deployment === undefined
    ? `x:${part(target.provider)}:${part(target.model)}`
    : `xd:${part(target.deployment)}`;
