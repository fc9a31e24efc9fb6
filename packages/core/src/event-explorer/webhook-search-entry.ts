import { searchableValues, type Connector } from '@hub/connector-sdk';
import type { StoredEvent, WebhookReceivedData } from '../event-store/index.js';
import { searchLexemes } from './search-lexemes.js';
import type { SearchEntry } from './search-index-writer.js';

/**
 * The search row of a stored webhook: its provider event id (so a prefix or any-case search finds
 * it too) and the values at the paths its connector declares `searchable`. A connector that
 * declares none, or is not installed here, still gets its provider event id indexed.
 */
export function webhookSearchEntry(connector: Connector | undefined, received: StoredEvent): SearchEntry | undefined {
  const data = received.data as Partial<WebhookReceivedData>;
  const paths = connector?.webhook?.searchable ?? [];
  const values = [...(received.providerEventId ? [received.providerEventId] : []), ...(paths.length > 0 && data.payload !== undefined ? searchableValues(paths, data.payload) : [])];
  const lexemes = searchLexemes(values);
  if (lexemes.length === 0) return undefined;
  return { eventId: received.id, connector: received.connector, account: received.account, eventType: data.eventType ?? 'unknown', lexemes };
}
