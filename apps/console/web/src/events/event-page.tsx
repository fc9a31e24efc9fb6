import { getJson, postJson } from '../api/console-api';
import type { EventView, ReplayReport } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { time } from '../overview/format';
import { useState } from 'react';
import { TimelineEntry } from './timeline-entry';

/** One webhook: status and its whole timeline (received, attempts with request/response, replays). */
export function EventPage({ eventId }: { eventId: string }) {
  const { data, error } = useLiveData(() => getJson<EventView>(`/api/events/${encodeURIComponent(eventId)}`), [eventId], (c) => c.more || c.streams.includes(eventId));
  const [replayError, setReplayError] = useState<Error>();
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">Loading event…</p>;
  const replay = () => {
    setReplayError(undefined);
    postJson<ReplayReport>('/api/replay', { eventIds: [eventId], reason: 'replayed from the console event page' }).catch((err: Error) => setReplayError(err));
  };
  return (
    <section>
      <h1>
        Event <code>{data.eventId}</code>
      </h1>
      <p className="event-head">
        <a href={`#/connectors/${data.connector}`}>{data.connector}</a> · {data.eventType ?? 'unknown type'} · provider id <code>{data.providerEventId ?? '—'}</code> · received {time(data.receivedAt)} · status{' '}
        <span className={`badge status-${data.status ?? 'unknown'}`} data-testid="event-status">
          {data.status ?? 'unknown'}
        </span>{' '}
        <button type="button" onClick={replay}>
          Replay
        </button>
      </p>
      {replayError ? <ErrorNote error={replayError} /> : null}
      <ol className="timeline" data-testid="timeline">
        {data.timeline.map((entry) => (
          <TimelineEntry key={entry.id} entry={entry} />
        ))}
      </ol>
    </section>
  );
}
