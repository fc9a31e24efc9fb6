import { lazy, Suspense } from 'react';
import type { ConnectorHealth, ConnectorSummary, OverviewTimeSeries } from '../api/types';
import { circuitState, connectorStatus } from './connector-status';
import { ago, ms, percent } from './format';

// uPlot and the chart code load after the cards (their own chunk): the figures show at once.
const ConnectorMiniChart = lazy(() => import('./connector-mini-chart'));

export function ConnectorCard({ summary, health, series }: { summary: ConnectorSummary; health: ConnectorHealth | undefined; series: OverviewTimeSeries }) {
  const mine = series.connectors[summary.id];
  const status = connectorStatus(summary, health);
  const w = health?.windows['5m'];
  const queue = summary.queue;
  return (
    <a className={`card status-${status.colour}`} href={`#/connectors/${encodeURIComponent(summary.id)}`} data-connector={summary.id} data-status={status.colour} title={status.reasons.join('; ')}>
      <header>
        <span className="dot" aria-hidden="true" />
        <strong>{summary.name}</strong>
        <code>{summary.id}</code>
      </header>
      {mine ? (
        <Suspense fallback={<div className="chart-placeholder" />}>
          <ConnectorMiniChart connector={summary.id} t={series.t} received={mine.received} successRate={mine.successRate} stepMs={series.stepMs} />
        </Suspense>
      ) : null}
      <dl>
        <dt>success 5 m</dt>
        <dd data-field="success">{percent(w?.successRate)}</dd>
        <dt>received 5 m</dt>
        <dd>{w?.received ?? 0}</dd>
        <dt>p95</dt>
        <dd>{ms(w?.latencyMs.p95)}</dd>
        <dt>queue</dt>
        <dd>{queue ? `${queue.visible} + ${queue.inFlight} in flight` : summary.receivesWebhooks ? '—' : 'no queue'}</dd>
        <dt>circuit</dt>
        <dd>{circuitState(health) ?? '—'}</dd>
        <dt>last success</dt>
        <dd>{ago(health?.lastSuccessAt)}</dd>
      </dl>
      <p className="reasons">{status.reasons.join(' · ')}</p>
    </a>
  );
}
