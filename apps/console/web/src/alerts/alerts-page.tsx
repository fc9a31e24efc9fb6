import { useState } from 'react';
import { ApiError, getJson, postJson } from '../api/console-api';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { ago } from '../overview/format';

interface Alert {
  id: string;
  connector: string;
  kind: string;
  severity: string;
  status: string;
  occurrences?: number;
  openedAt?: string;
  lastSeenAt?: string;
  sampleEventIds?: string[];
}

/** Open alerts, when the hub serves /api/alerts; refreshed when alert events are stored. */
export function AlertsPage() {
  const { data, error } = useLiveData(
    () => getJson<{ alerts: Alert[] }>('/api/alerts?status=open'),
    [],
    (c) => c.types.some((t) => t.startsWith('alert.')),
  );
  const [muteError, setMuteError] = useState<Error>();
  const mute = (id: string) => {
    setMuteError(undefined);
    postJson(`/api/alerts/${id}/mute`, { for: '1h' }).catch((err: Error) => setMuteError(err));
  };
  if (error instanceof ApiError && error.status === 404) return <p>This hub does not serve alerts (no /api/alerts).</p>;
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">Loading alerts…</p>;
  const open = data.alerts.filter((a) => a.status === 'open');
  if (open.length === 0) return <p data-testid="alerts-empty">No open alerts.</p>;
  return (
    <section>
      <h1>Open alerts</h1>
      {muteError ? <ErrorNote error={muteError} /> : null}
      <table data-testid="alerts">
        <thead>
          <tr>
            <th>severity</th>
            <th>connector</th>
            <th>kind</th>
            <th>occurrences</th>
            <th>opened</th>
            <th>last seen</th>
            <th>sample events</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {open.map((a) => (
            <tr key={a.id} className={`severity-${a.severity}`}>
              <td>{a.severity}</td>
              <td>
                <a href={`#/connectors/${a.connector}`}>{a.connector}</a>
              </td>
              <td>{a.kind}</td>
              <td>{a.occurrences ?? 1}</td>
              <td>{ago(a.openedAt)}</td>
              <td>{ago(a.lastSeenAt)}</td>
              <td>
                {(a.sampleEventIds ?? []).map((id) => (
                  <a key={id} href={`#/events/${id}`}>
                    <code>{id.slice(0, 8)}</code>{' '}
                  </a>
                ))}
              </td>
              <td>
                <button type="button" onClick={() => mute(a.id)}>
                  Mute 1 h
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
