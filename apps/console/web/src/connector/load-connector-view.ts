import { getJson } from '../api/console-api';
import type { ConnectorHealth, WindowHealth } from '../api/types';
import { loadOverview, type OverviewData } from '../overview/load-overview';

type AccountWindows = { account: string | null; windows: ConnectorHealth['windows']; lastSuccessAt: string | null };

const none = (): WindowHealth => ({ received: 0, processed: 0, failed: { transient: 0, permanent: 0 }, quarantined: 0, deadLettered: 0, successRate: null, latencyMs: { p50: null, p95: null, p99: null } });

/**
 * What a connector page reads; for an account's page, the connector's windows are replaced by that
 * account's (GET /api/health?accounts=true), so the same page shows only its figures.
 */
export async function loadConnectorView(id: string, account: string | undefined): Promise<OverviewData> {
  if (account === undefined) return loadOverview();
  const query = new URLSearchParams({ connector: id, accounts: 'true' });
  const [overview, perAccount] = await Promise.all([loadOverview(), getJson<{ connectors: (ConnectorHealth & { accounts?: AccountWindows[] })[] }>(`/api/health?${query.toString()}`)]);
  const mine = perAccount.connectors[0]?.accounts?.find((a) => a.account === account);
  const health = overview.health.get(id);
  if (health) overview.health.set(id, { ...health, windows: mine?.windows ?? { '5m': none(), '1h': none(), '24h': none() }, lastSuccessAt: mine?.lastSuccessAt ?? null });
  return overview;
}
