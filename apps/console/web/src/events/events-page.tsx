import { useState } from 'react';
import { getJson } from '../api/console-api';
import type { EventListItem, WebhookStatus } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { time } from '../overview/format';
import { navigate } from '../router';
import { downloadExport } from './download-export';

const STATUSES: WebhookStatus[] = ['queued', 'processing', 'processed', 'failed', 'dead_lettered', 'quarantined'];
const FILTERS = ['q', 'connector', 'account', 'type', 'status', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

interface Page {
  events: EventListItem[];
  next: string | null;
}

function query(filters: Filters, before?: string, limit?: string | null): string {
  const q = new URLSearchParams();
  for (const key of FILTERS) {
    const v = filters[key];
    // datetime-local inputs have no zone: they mean the browser's local time.
    if (v) q.set(key, key === 'from' || key === 'to' ? new Date(v).toISOString() : v);
  }
  if (before) q.set('before', before);
  if (limit) q.set('limit', limit);
  return q.toString();
}

/** Webhooks newest first with filters kept in the URL; the first page follows live changes. */
export function EventsPage({ params }: { params: URLSearchParams }) {
  const filters: Filters = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? '']).filter(([, v]) => v));
  // Rows per page: 50, or `limit` (1-200) from the URL.
  const limit = params.get('limit');
  const key = query(filters, undefined, limit);
  const { data, error } = useLiveData(() => getJson<Page>(`/api/events?${key}`), [key], (c) => !filters.connector || c.connectors.includes(filters.connector));
  const [more, setMore] = useState<{ key: string; events: EventListItem[]; next: string | null }>();
  const [exportError, setExportError] = useState<Error>();
  const [exporting, setExporting] = useState<'csv' | 'ndjson'>();
  const exportAs = async (format: 'csv' | 'ndjson') => {
    setExporting(format);
    setExportError(undefined);
    try {
      await downloadExport(query(filters), format);
    } catch (err) {
      setExportError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setExporting(undefined);
    }
  };
  const older = more?.key === key ? more : undefined;
  const next = older ? older.next : data?.next;

  const apply = (form: HTMLFormElement) => {
    const values = new FormData(form);
    const q = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(values.get(k) ?? '').trim();
      if (v) q.set(k, v);
    }
    if (limit) q.set('limit', limit);
    navigate(`/events?${q.toString()}`);
  };
  const loadMore = async () => {
    if (!next) return;
    const page = await getJson<Page>(`/api/events?${query(filters, next, limit)}`);
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
        <label className="search">
          search{' '}
          <input
            name="q"
            type="search"
            defaultValue={filters.q ?? ''}
            placeholder="evt_… , jenny@example.com, octocat/hello-world, cus_Qh*"
            title="Every word must match a provider event id or a field the connector declares searchable; a trailing * matches by prefix"
          />
        </label>
        <label>
          connector <input name="connector" defaultValue={filters.connector ?? ''} placeholder="stripe" />
        </label>
        <label>
          account <input name="account" defaultValue={filters.account ?? ''} placeholder="shop-a.myshopify.com" />
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
        <span className="export" title="The filtered list, newest first, at most 100,000 rows">
          <button type="button" disabled={exporting !== undefined} onClick={() => void exportAs('csv')}>
            {exporting === 'csv' ? 'Exporting…' : 'Export CSV'}
          </button>
          <button type="button" disabled={exporting !== undefined} onClick={() => void exportAs('ndjson')}>
            {exporting === 'ndjson' ? 'Exporting…' : 'Export NDJSON'}
          </button>
        </span>
      </form>
      {error ? <ErrorNote error={error} /> : null}
      {exportError ? <ErrorNote error={exportError} /> : null}
      {!data ? (
        <p className="loading">Loading events…</p>
      ) : (
        <table className="events" data-testid="events">
          <thead>
            <tr>
              <th>received</th>
              <th>connector</th>
              <th>account</th>
              <th>type</th>
              <th>status</th>
              <th>provider event id</th>
              <th>event id</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.eventId} data-event-id={e.eventId}>
                <td>{time(e.receivedAt)}</td>
                <td>{e.connector}</td>
                <td>{e.account ?? '—'}</td>
                <td>{e.eventType ?? '—'}</td>
                <td>
                  <span className={`badge status-${e.status ?? 'unknown'}`}>{e.status ?? 'unknown'}</span>
                </td>
                <td>
                  <code>{e.providerEventId ?? '—'}</code>
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
