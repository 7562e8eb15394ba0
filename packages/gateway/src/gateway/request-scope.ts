import type { GenerateRequest, RoutePlan } from '@llmux/core';

/** What the gateway adds to every body: who asks, the request's id, cancellation and deadline. */
export interface CallerContext {
  tenant: string;
  /** The admin-made API key the request came with: its own limits apply. */
  keyId?: string;
  requestId: string;
  signal?: AbortSignal;
  /** When the whole request must be done (epoch ms): every layer below honours it. */
  deadlineAt?: number;
}

/**
 * What every route adds to its core request: the call's cancellation and deadline, who
 * asks (tenant, request id, task, tags, end user) and the pinned route, if any.
 */
export function requestScope(
  context: CallerContext,
  who: { task?: string; tags?: string[]; user?: string },
  route: RoutePlan | undefined,
): Pick<GenerateRequest, 'signal' | 'deadlineAt' | 'metadata' | 'route'> {
  return {
    signal: context.signal,
    ...(context.deadlineAt !== undefined && { deadlineAt: context.deadlineAt }),
    metadata: {
      tenant: context.tenant,
      ...(context.keyId !== undefined && { keyId: context.keyId }),
      requestId: context.requestId,
      ...(who.task !== undefined && { task: who.task }),
      ...(who.tags !== undefined && { tags: who.tags }),
      ...(who.user !== undefined && { user: who.user }),
    },
    ...(route && { route }),
  };
}
