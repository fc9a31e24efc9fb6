import { lazy, Suspense } from 'react';
import type { WindowHealth } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { circuitState, connectorStatus } from '../overview/connector-status';
import { ago, ms, percent } from '../overview/format';
import { AccountsSection } from './accounts-section';
import { connectorHref } from './console-links';
import { DriftList } from './drift-list';
import { loadConnectorView } from './load-connector-view';

// The charts (uPlot) load in their own chunk, after the figures.
const ConnectorCharts = lazy(() => import('./charts/connector-charts').then((m) => ({ default: m.ConnectorCharts })));

const WINDOWS = [
  ['5m', '5 min'],
  ['1h', '1 hour'],
  ['24h', '24 hours'],
] as const;

/**
 * One connector: status and why, figures per window, queue, links to its events and DLQ, its
 * unaccepted schema drifts and its accounts. With `account`, the same page filtered to that account.
 */
export function ConnectorPage({ id, account }: { id: string; account?: string | undefined }) {
  const { data, error } = useLiveData(() => loadConnectorView(id, account), [id, account], (c) => c.connectors.includes(id));
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">Loading…</p>;
  const summary = data.connectors.find((c) => c.id === id);
  if (!summary) return <p className="error">No connector “{id}”.</p>;
  const health = data.health.get(id);
  const status = connectorStatus(summary, health);
  const rows: [string, (w: WindowHealth) => string | number][] = [
    ['received', (w) => w.received],
    ['processed', (w) => w.processed],
    ['failed (transient)', (w) => w.failed.transient],
    ['failed (permanent)', (w) => w.failed.permanent],
    ['quarantined', (w) => w.quarantined],
    ['dead-lettered', (w) => w.deadLettered],
    ['success rate', (w) => percent(w.successRate)],
    ['latency p50 / p95 / p99', (w) => `${ms(w.latencyMs.p50)} / ${ms(w.latencyMs.p95)} / ${ms(w.latencyMs.p99)}`],
  ];
  return (
    <section className={`connector status-${status.colour}`} data-connector={id} data-account={account} data-status={status.colour}>
      <h1>
        <span className="dot" aria-hidden="true" /> {account ? <a href={connectorHref(id)}>{summary.name}</a> : summary.name} <code>{id}</code> <small>v{summary.version}</small>
        {account ? (
          <>
            {' '}
            › account <code data-testid="account-name">{account}</code>
          </>
        ) : null}
      </h1>
      <p className="reasons">{status.reasons.join(' · ')}</p>
      <p className="links">
        <a href={`#/events?connector=${id}`}>Events</a> · <a href={`#/dlq/${id}`}>Dead letters</a> · <a href={`#/dlq/${id}?view=quarantined`}>Quarantine</a>
      </p>
      <Suspense fallback={<p className="loading">Loading charts…</p>}>
        <ConnectorCharts connector={id} {...(account ? { account } : {})} />
      </Suspense>
      {health ? (
        <table className="windows">
          <thead>
            <tr>
              <th />
              {WINDOWS.map(([, label]) => (
                <th key={label}>{label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th>{label}</th>
                {WINDOWS.map(([w]) => (
                  <td key={w}>{value(health.windows[w])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>This connector receives no webhooks: its calls show in the figures of the connectors whose routes use it.</p>
      )}
      {health ? <AccountsSection connector={id} account={account} /> : null}
      {health ? <DriftList connector={id} account={account} /> : null}
      <dl className="facts">
        <dt>queue</dt>
        <dd>{summary.queue ? `${summary.queue.visible} visible, ${summary.queue.inFlight} in flight, ${summary.queue.delayed} delayed` : '—'}</dd>
        <dt>circuit</dt>
        <dd>{circuitState(health) ?? '—'}</dd>
        <dt>last success</dt>
        <dd>{ago(health?.lastSuccessAt)}</dd>
        <dt>events</dt>
        <dd>{summary.events.join(', ') || '—'}</dd>
        <dt>actions</dt>
        <dd>{summary.actions.join(', ') || '—'}</dd>
      </dl>
    </section>
  );
}
