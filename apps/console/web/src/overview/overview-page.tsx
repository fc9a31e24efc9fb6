import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { ConnectorCard } from './connector-card';
import { loadOverview } from './load-overview';

/** Every connector with its traffic light, figures and small multiple (last hour); refreshed on every stored event. */
export function OverviewPage() {
  const { data, error } = useLiveData(loadOverview, []);
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">Loading connectors…</p>;
  // Connectors that receive webhooks first: they carry the traffic.
  const connectors = [...data.connectors].sort((a, b) => Number(b.receivesWebhooks) - Number(a.receivesWebhooks) || a.id.localeCompare(b.id));
  return (
    <section>
      <h1>Connectors</h1>
      {error ? <ErrorNote error={error} /> : null}
      <div className="cards" data-testid="overview">
        {connectors.map((c) => (
          <ConnectorCard key={c.id} summary={c} health={data.health.get(c.id)} series={data.series} />
        ))}
      </div>
    </section>
  );
}
