import { useState } from 'react';
import { getJson, postJson } from '../api/console-api';
import type { DeadLetter, ReplayReport } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { ago } from '../overview/format';
import { ReplayProgress } from './replay-progress';

type View = 'dead_lettered' | 'quarantined';

/** A connector's dead letters or quarantined payloads, with replay of one, the selected or all. */
export function DlqPage({ connector, view }: { connector: string; view: View }) {
  const { data, error } = useLiveData(
    () => getJson<{ deadLetters: DeadLetter[] }>(`/api/connectors/${encodeURIComponent(connector)}/dlq?quarantined=true`),
    [connector],
    (c) => c.connectors.includes(connector),
  );
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [reports, setReports] = useState<ReplayReport[]>([]);
  const [replayError, setReplayError] = useState<Error>();
  const rows = (data?.deadLetters ?? []).filter((d) => d.status === view);

  const replay = async (body: Record<string, unknown>) => {
    setReplayError(undefined);
    try {
      const report = await postJson<ReplayReport>('/api/replay', { ...body, reason: `replayed from the console (${view === 'quarantined' ? 'quarantine' : 'DLQ'} view)` });
      setReports((r) => [report, ...r]);
      setSelected(new Set());
    } catch (err) {
      setReplayError(err as Error);
    }
  };
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <section>
      <h1>
        {view === 'quarantined' ? 'Quarantine' : 'Dead letters'}: <a href={`#/connectors/${connector}`}>{connector}</a>
      </h1>
      <nav className="tabs">
        <a href={`#/dlq/${connector}`} className={view === 'dead_lettered' ? 'active' : ''}>
          Dead-lettered
        </a>
        <a href={`#/dlq/${connector}?view=quarantined`} className={view === 'quarantined' ? 'active' : ''}>
          Quarantined
        </a>
      </nav>
      <div className="actions">
        <button type="button" disabled={selected.size === 0} onClick={() => void replay({ eventIds: [...selected] })}>
          Replay selected ({selected.size})
        </button>
        <button type="button" disabled={rows.length === 0} onClick={() => void replay({ connector, dlq: true, includeQuarantined: view === 'quarantined' })}>
          Replay all
        </button>
      </div>
      {replayError ? <ErrorNote error={replayError} /> : null}
      {reports.map((r) => (
        <ReplayProgress key={r.replayId} report={r} />
      ))}
      {error ? <ErrorNote error={error} /> : null}
      {!data ? (
        <p className="loading">Loading…</p>
      ) : rows.length === 0 ? (
        <p data-testid="dlq-empty">Nothing here.</p>
      ) : (
        <table className="dlq" data-testid="dlq">
          <thead>
            <tr>
              <th />
              <th>when</th>
              <th>type</th>
              <th>error</th>
              <th>attempts</th>
              <th>event</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.eventId} data-event-id={d.eventId}>
                <td>
                  <input type="checkbox" aria-label={`select ${d.eventId}`} checked={selected.has(d.eventId)} onChange={() => toggle(d.eventId)} />
                </td>
                <td>{ago(d.at)}</td>
                <td>{d.eventType ?? '—'}</td>
                <td>
                  {d.errorClass ? <span className="badge">{d.errorClass}</span> : null} <code>{d.code ?? ''}</code> {d.message ?? ''}
                  {d.errorClass === 'outcome_unknown' ? <p className="hint">The request was sent and its answer lost: the provider may have acted. Check there before replaying it.</p> : null}
                  {d.issues ? <pre className="issues">{JSON.stringify(d.issues, null, 2)}</pre> : null}
                </td>
                <td>{d.attempts ?? '—'}</td>
                <td>
                  <a href={`#/events/${d.eventId}`}>
                    <code>{d.eventId.slice(0, 8)}…</code>
                  </a>
                </td>
                <td>
                  <button type="button" onClick={() => void replay({ eventIds: [d.eventId] })}>
                    Replay
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
