import { EventTypes, type StoredEvent } from '../event-store/index.js';

/** Events that close an outbound call: it answered, failed, or was held back before it left. */
const CLOSING = new Set<string>([EventTypes.actionSucceeded, EventTypes.actionFailed, EventTypes.actionThrottled]);

/**
 * The calls (by label: route or `workflow:<name>:<step>`) whose request was recorded as about to
 * leave and never closed, since the last replay: the worker stopped (killed, crashed, lost its
 * database) between sending and recording the answer. Like a timeout after sending, the provider
 * may have acted. Answers each label with the request as recorded.
 */
export function unansweredCalls(stream: readonly StoredEvent[]): Map<string, Record<string, unknown> | undefined> {
  const since = stream.slice(stream.findLastIndex((e) => e.type === EventTypes.webhookReplayed) + 1);
  const open = new Map<string, Record<string, unknown> | undefined>();
  for (const e of since) {
    const d = e.data as { route?: unknown; request?: Record<string, unknown> };
    if (typeof d.route !== 'string') continue;
    if (e.type === EventTypes.actionRequested) open.set(d.route, d.request);
    else if (CLOSING.has(e.type)) open.delete(d.route);
  }
  return open;
}
