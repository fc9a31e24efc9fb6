import { useState } from 'react';
import { getJson, postJson } from '../api/console-api';
import type { DriftAnswer, PendingDrift } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { time } from '../overview/format';
import { eventHref, eventsHref } from './console-links';

function driftUrl(connector: string, account: string | undefined): string {
  const query = account ? `?${new URLSearchParams({ account }).toString()}` : '';
  return `/api/connectors/${encodeURIComponent(connector)}/drift${query}`;
}

/** Added, removed and retyped fields, one line each, old → new type for a retype. */
function DiffTable({ diff }: { diff: PendingDrift['diff'] }) {
  return (
    <table className="diff">
      <tbody>
        {diff.added.map((f) => (
          <tr key={`+${f.path}`} className="diff-added">
            <td>added</td>
            <td>
              <code>{f.path}</code>
            </td>
            <td>{f.type}</td>
          </tr>
        ))}
        {diff.removed.map((f) => (
          <tr key={`-${f.path}`} className="diff-removed">
            <td>removed</td>
            <td>
              <code>{f.path}</code>
            </td>
            <td>{f.type}</td>
          </tr>
        ))}
        {diff.retyped.map((f) => (
          <tr key={`~${f.path}`} className="diff-retyped">
            <td>retyped</td>
            <td>
              <code>{f.path}</code>
            </td>
            <td>
              {f.from} → {f.to}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DriftEntry({ connector, account, drift, canAccept, onAccepted }: { connector: string; account: string | undefined; drift: PendingDrift; canAccept: DriftAnswer['canAccept']; onAccepted(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const since = { connector, type: drift.eventType, from: drift.firstSeenAt };
  const accept = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await postJson(`/api/connectors/${encodeURIComponent(connector)}/drift/${encodeURIComponent(drift.eventType)}/accept`, {});
      onAccepted();
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article className="drift" data-event-type={drift.eventType}>
      <h3>
        <code>{drift.eventType}</code> <small>{drift.reports === 1 ? 'one new shape' : `${drift.reports} new shapes`}</small>
      </h3>
      <DiffTable diff={drift.diff} />
      <dl className="facts">
        <dt>first seen</dt>
        <dd>{time(drift.firstSeenAt)}</dd>
        <dt>last seen</dt>
        <dd>{time(drift.lastSeenAt)}</dd>
        <dt>events of the new shape</dt>
        <dd data-testid="new-shape-events">
          <a href={eventsHref(since)}>
            {drift.newShapeEvents}
            {drift.newShapeEventsCapped ? '+' : ''}
          </a>
          {account ? ' from this account' : ''}
        </dd>
        <dt>sample</dt>
        <dd>
          <a href={eventHref(drift.sampleEventId)}>{drift.sampleEventId}</a>
        </dd>
        <dt>quarantined since</dt>
        <dd data-testid="quarantined">{drift.quarantined === 0 ? 'none' : <a href={eventsHref({ ...since, status: 'quarantined' })}>{drift.quarantined} quarantined</a>}</dd>
      </dl>
      <p className="actions">
        <button type="button" disabled={busy || !canAccept.allowed} title={canAccept.allowed ? 'The provider changed its format on purpose: the new shape becomes the baseline' : canAccept.why} onClick={() => void accept()}>
          Accept as expected
        </button>
        {canAccept.allowed ? null : <small className="hint">{canAccept.why}</small>}
      </p>
      {error ? <ErrorNote error={error} /> : null}
    </article>
  );
}

/** The connector's (or one account's) schema drifts that no operator has accepted yet; follows the live stream. */
export function DriftList({ connector, account }: { connector: string; account?: string | undefined }) {
  const { data, error, reload } = useLiveData(() => getJson<DriftAnswer>(driftUrl(connector, account)), [connector, account], (c) => c.connectors.includes(connector));
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return null;
  return (
    <section className="drift-list" aria-label="Schema drift">
      <h2>Schema drift</h2>
      {data.pending.length === 0 ? (
        <p className="hint">No unaccepted drift: every payload matches the shape known for its event type.</p>
      ) : (
        data.pending.map((drift) => <DriftEntry key={drift.eventType} connector={connector} account={account} drift={drift} canAccept={data.canAccept} onAccepted={reload} />)
      )}
    </section>
  );
}
