import { authHeaders } from './console-api';
import type { EventChange } from './types';

export type StreamState = 'connecting' | 'live' | 'offline';

/**
 * Reads /api/stream (server-sent events) with fetch rather than EventSource, because
 * EventSource cannot send the Authorization header and the token must not go into a URL.
 * Reconnects after a drop; every reconnect also counts as a change (something may have been missed).
 */
export function openLiveStream(onChange: (change: EventChange | null) => void, onState: (state: StreamState) => void): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const connect = async (): Promise<void> => {
    controller = new AbortController();
    onState('connecting');
    try {
      const res = await fetch('/api/stream', { headers: authHeaders(), signal: controller.signal });
      // A refused stream (401 after the token changed, 5xx) is retried like a dropped one.
      const reader = res.ok && res.body ? res.body.pipeThrough(new TextDecoderStream()).getReader() : undefined;
      let buffer = '';
      while (reader) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(frame)?.[1];
          const data = /^data: (.*)$/m.exec(frame)?.[1];
          if (event === 'ready') {
            onState('live');
            onChange(null);
          } else if (event === 'change' && data) {
            onChange(JSON.parse(data) as EventChange);
          }
        }
      }
    } catch {
      // dropped or refused: fall through to the retry below
    }
    if (stopped) return;
    onState('offline');
    retryTimer = setTimeout(() => void connect(), 2_000);
  };

  void connect();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    controller?.abort();
  };
}
