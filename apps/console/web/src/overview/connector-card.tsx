import type { ConnectorHealth, ConnectorSeries, ConnectorSummary } from '../api/types';
import { circuitState, connectorStatus } from './connector-status';
import { ago, ms, percent } from './format';
import { Sparkline } from './sparkline';

export function ConnectorCard({ summary, health, series }: { summary: ConnectorSummary; health: ConnectorHealth | undefined; series: ConnectorSeries | undefined }) {
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
      <Sparkline received={series?.received ?? []} errors={series?.errors ?? []} />
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
