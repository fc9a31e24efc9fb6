import { useState } from 'react';
import { getJson } from '../api/console-api';
import type { EventListItem, WebhookStatus } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { time } from '../overview/format';
import { navigate } from '../router';

const STATUSES: WebhookStatus[] = ['queued', 'processing', 'processed', 'failed', 'dead_lettered', 'quarantined'];
const FILTERS = ['connector', 'type', 'status', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

interface Page {
  events: EventListItem[];
  next: string | null;
}

function query(filters: Filters, before?: string): string {
  const q = new URLSearchParams();
  for (const key of FILTERS) {
    const v = filters[key];
    // datetime-local inputs have no zone: they mean the browser's local time.
    if (v) q.set(key, key === 'from' || key === 'to' ? new Date(v).toISOString() : v);
  }
  if (before) q.set('before', before);
  return q.toString();
}

/** Webhooks newest first with filters kept in the URL; the first page follows live changes. */
export function EventsPage({ params }: { params: URLSearchParams }) {
  const filters: Filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? '']).filter(([, v]) => v));
  const key = query(filters);
  const { data, error } = useLiveData(() => getJson<Page>(`/api/events?${key}`), [key], (c) => !filters.connector || c.connectors.includes(filters.connector));
  const [more, setMore] = useState<{ key: string; events: EventListItem[]; next: string | null }>();
  const older = more?.key === key ? more : undefined;
  const next = older ? older.next : data?.next;

  const apply = (form: HTMLFormElement) => {
    const values = new FormData(form);
    const q = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(values.get(k) ?? '').trim();
      if (v) q.set(k, v);
    }
    navigate(`/events?${q.toString()}`);
  };
  const loadMore = async () => {
    if (!next) return;
    const page = await getJson<Page>(`/api/events?${query(filters, next)}`);
    setMore({ key, events: [...(older?.events ?? []), ...page.events], next: page.next });
  };

  const rows = [...(data?.events ?? []), ...(older?.events ?? [])];
  return (
    <section>
      <h1>Events</h1>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          apply(e.currentTarget);
        }}
        key={key}
      >
        <label>
          connector <input name="connector" defaultValue={filters.connector ?? ''} placeholder="stripe" />
        </label>
        <label>
          type <input name="type" defaultValue={filters.type ?? ''} placeholder="payment_intent.succeeded" />
        </label>
        <label>
          status
          <select name="status" defaultValue={filters.status ?? ''}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          from <input type="datetime-local" name="from" defaultValue={filters.from ?? ''} />
        </label>
        <label>
          to <input type="datetime-local" name="to" defaultValue={filters.to ?? ''} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {error ? <ErrorNote error={error} /> : null}
      {!data ? (
        <p className="loading">Loading events…</p>
      ) : (
        <table className="events" data-testid="events">
          <thead>
            <tr>
              <th>received</th>
              <th>connector</th>
              <th>type</th>
              <th>status</th>
              <th>event id</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.eventId} data-event-id={e.eventId}>
                <td>{time(e.receivedAt)}</td>
                <td>{e.connector}</td>
                <td>{e.eventType ?? '—'}</td>
                <td>
                  <span className={`badge status-${e.status ?? 'unknown'}`}>{e.status ?? 'unknown'}</span>
                </td>
                <td>
                  <a href={`#/events/${e.eventId}`}>
                    <code>{e.eventId}</code>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rows.length === 0 && data ? <p>No events match.</p> : null}
      {next ? (
        <button type="button" onClick={() => void loadMore()}>
          Older events
        </button>
      ) : null}
    </section>
  );
}
