import type pg from 'pg';
import type { Connector } from '@hub/connector-sdk';
import type { EventStore } from '@hub/core/event-store';
import type { RateLimitSource } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import type { ConnectorQueues } from '@hub/core/queue';
import type { OperatorCheck } from './operators.js';

/** What every handler of the Slack app works with: the hub's own domain functions and stores. */
export interface SlackDeps {
  pool: pg.Pool;
  store: EventStore;
  /** Connectors that receive webhooks: what `/hub health` lists and `/hub dlq` accepts. */
  connectors: readonly string[];
  /** The installed connectors' declarations (events, actions): what workflows may use. */
  catalog: Readonly<Record<string, Connector>>;
  queues?: ConnectorQueues | undefined;
  rateLimits?: RateLimitSource | undefined;
  operators: OperatorCheck;
  /** The console's base URL, for "Open in console" links. */
  consoleUrl: string;
  log: Logger;
}
