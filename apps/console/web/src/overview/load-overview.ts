import { getJson } from '../api/console-api';
import type { ConnectorHealth, ConnectorSeries, ConnectorSummary } from '../api/types';

export interface OverviewData {
  connectors: ConnectorSummary[];
  health: Map<string, ConnectorHealth>;
  series: Record<string, ConnectorSeries>;
}

/** The three reads the overview and a connector page need, in parallel. */
export async function loadOverview(): Promise<OverviewData> {
  const [connectors, health, series] = await Promise.all([
    getJson<{ connectors: ConnectorSummary[] }>('/api/connectors'),
    getJson<{ connectors: ConnectorHealth[] }>('/api/health'),
    getJson<{ connectors: Record<string, ConnectorSeries> }>('/api/series'),
  ]);
  return { connectors: connectors.connectors, health: new Map(health.connectors.map((h) => [h.connector, h])), series: series.connectors };
}
