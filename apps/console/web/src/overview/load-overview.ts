import { getJson } from '../api/console-api';
import type { ConnectorHealth, ConnectorSummary, OverviewTimeSeries } from '../api/types';

export interface OverviewData {
  connectors: ConnectorSummary[];
  health: Map<string, ConnectorHealth>;
  /** The small multiples' data: received and success rate per minute over the last hour, from the rollups. */
  series: OverviewTimeSeries;
}

/** The three reads the overview and a connector page need, in parallel. */
export async function loadOverview(): Promise<OverviewData> {
  const [connectors, health, series] = await Promise.all([
    getJson<{ connectors: ConnectorSummary[] }>('/api/connectors'),
    getJson<{ connectors: ConnectorHealth[] }>('/api/health'),
    getJson<OverviewTimeSeries>('/api/overview/timeseries?range=1h'),
  ]);
  return { connectors: connectors.connectors, health: new Map(health.connectors.map((h) => [h.connector, h])), series };
}
