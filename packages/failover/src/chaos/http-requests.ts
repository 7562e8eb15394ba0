import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** What undici (Node's fetch, under all three SDKs) publishes about one HTTP request. */
interface UndiciMessage {
  request: { origin: string };
}

/**
 * Watches the HTTP requests Node's fetch makes, through undici's diagnostics channels, and tags
 * each with the workload request it was made for (`within(tag, fn)`). A request counts as sent
 * once its headers are written to the socket: one aborted before that never reached the server.
 */
export function watchHttpRequests() {
  const context = new AsyncLocalStorage<string>();
  const tags = new WeakMap<object, string>();
  const sent = new Map<string, number>();
  const key = (tag: string, origin: string) => `${tag} ${origin}`;

  const onCreate = (message: unknown) => {
    const tag = context.getStore();
    if (tag !== undefined) tags.set((message as UndiciMessage).request, tag);
  };
  const onSendHeaders = (message: unknown) => {
    const { request } = message as UndiciMessage;
    const tag = tags.get(request);
    if (tag === undefined) return;
    sent.set(key(tag, request.origin), (sent.get(key(tag, request.origin)) ?? 0) + 1);
  };
  subscribe('undici:request:create', onCreate);
  subscribe('undici:client:sendHeaders', onSendHeaders);

  return {
    /** Runs `fn`, tagging the HTTP requests it makes. */
    within: <T>(tag: string, fn: () => T): T => context.run(tag, fn),
    /** How many requests tagged `tag` went out to `origin` (`http://127.0.0.1:PORT`). */
    sent: (tag: string, origin: string): number => sent.get(key(tag, origin)) ?? 0,
    close(): void {
      unsubscribe('undici:request:create', onCreate);
      unsubscribe('undici:client:sendHeaders', onSendHeaders);
    },
  };
}

export type HttpRequestWatch = ReturnType<typeof watchHttpRequests>;
