import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * Every metric the hub exposes on /metrics, labelled by connector (never by tenant or event
 * id: cardinality stays bounded). docs/grafana-dashboard.json queries exactly these names; a
 * test fails when a dashboard query names a metric that is not defined here.
 */
export class HubMetrics {
  readonly registry: Registry;
  readonly webhooksReceived: Counter<'connector'>;
  readonly webhooksRejected: Counter<'connector' | 'reason'>;
  readonly webhooksDuplicate: Counter<'connector'>;
  readonly ackSeconds: Histogram<'connector'>;
  readonly outcomes: Counter<'connector' | 'outcome'>;
  readonly sweeperRequeued: Counter<'connector' | 'reason'>;
  readonly retentionArchived: Counter<'connector'>;
  readonly redriveDrained: Counter<'connector' | 'verdict'>;
  readonly outboundSeconds: Histogram<'connector' | 'status_class'>;
  readonly throttled: Counter<'connector' | 'reason'>;
  readonly queueMessages: Gauge<'connector' | 'state'>;
  readonly outboxRelayed: Counter<'connector'>;
  readonly outboxQueueUnavailable: Gauge<'connector'>;
  readonly outboxRelayHeld: Gauge<'connector'>;
  readonly handlers: Gauge<'connector' | 'state'>;

  constructor(service: string) {
    this.registry = new Registry();
    this.registry.setDefaultLabels({ service });
    // event-loop lag, heap, GC, CPU: nodejs_* / process_*
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.webhooksReceived = new Counter({ name: 'hub_webhooks_received_total', help: 'Verified webhooks stored and acknowledged', labelNames: ['connector'], registers });
    this.webhooksRejected = new Counter({ name: 'hub_webhooks_rejected_total', help: 'Webhooks refused, by reason (error code)', labelNames: ['connector', 'reason'], registers });
    this.webhooksDuplicate = new Counter({ name: 'hub_webhooks_duplicate_total', help: 'Webhooks whose provider event id was already stored', labelNames: ['connector'], registers });
    this.ackSeconds = new Histogram({
      name: 'hub_webhook_ack_seconds',
      help: 'Time from request to acknowledgement (verify + durable commit)',
      labelNames: ['connector'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers,
    });
    this.outcomes = new Counter({
      name: 'hub_processing_outcomes_total',
      help: 'Message outcomes: processed, quarantined, retry, dead_lettered, throttled, skipped',
      labelNames: ['connector', 'outcome'],
      registers,
    });
    this.sweeperRequeued = new Counter({
      name: 'hub_sweeper_requeued_total',
      help: 'Stalled events re-enqueued by the sweeper, by what they stalled in: never_received, abandoned (processing, nobody at it), retry_lost',
      labelNames: ['connector', 'reason'],
      registers,
    });
    this.redriveDrained = new Counter({
      name: 'hub_redrive_drained_total',
      help: "Messages SQS moved to a connector's DLQ, drained into the event store: recorded (dead-lettered, reason redrive), finished, superseded or unknown (nothing to record)",
      labelNames: ['connector', 'verdict'],
      registers,
    });
    this.retentionArchived = new Counter({ name: 'hub_retention_archived_events_total', help: 'Events archived, then deleted from the store, by retention', labelNames: ['connector'], registers });
    this.outboundSeconds = new Histogram({
      name: 'hub_outbound_request_seconds',
      help: 'Outbound call latency by target connector and status class (2xx, 4xx, 5xx, error)',
      labelNames: ['connector', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.throttled = new Counter({ name: 'hub_outbound_held_total', help: 'Outbound calls held back by a rate limit or an open circuit', labelNames: ['connector', 'reason'], registers });
    // Every process of a cluster (`--processes N`) reads the same queue and the same relay state:
    // the primary's /metrics shows the largest reading, not their sum (prom-client's aggregator).
    this.queueMessages = new Gauge({ name: 'hub_queue_messages', help: 'Messages in a connector queue by state (visible, in_flight, delayed, dlq)', labelNames: ['connector', 'state'], registers, aggregator: 'max' });
    this.outboxRelayed = new Counter({ name: 'hub_outbox_relayed_total', help: 'Outbox rows the relay sent to their connector queue (and deleted)', labelNames: ['connector'], registers });
    this.outboxQueueUnavailable = new Gauge({
      name: 'hub_outbox_queue_unavailable',
      help: "1 while the relay cannot send a connector's rows (its queue refuses them, cannot be reached, or is missing and could not be re-created); its rows wait, other connectors flow",
      labelNames: ['connector'],
      registers,
      aggregator: 'max',
    });
    this.outboxRelayHeld = new Gauge({
      name: 'hub_outbox_relay_held',
      help: "1 while the relay holds a connector's rows in the outbox because its queue already holds HUB_RELAY_MAX_QUEUE_DEPTH messages; they follow as the worker takes messages",
      labelNames: ['connector'],
      registers,
      aggregator: 'max',
    });
    this.handlers = new Gauge({ name: 'hub_worker_handlers', help: "A connector's webhook handlers in this process: running now, and its limit", labelNames: ['connector', 'state'], registers });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
