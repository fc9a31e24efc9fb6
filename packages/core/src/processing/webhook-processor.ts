import { isHubError, type Connector } from '@hub/connector-sdk';
import type { AlertRaiser } from '../alerts/index.js';
import type { OutboundAuth } from '../auth/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { Batcher } from '../batching/index.js';
import { z } from 'zod';
import { deriveStatus, EventTypes, FinishedStatuses, type EventStore, type NewEvent, type StoredEvent, type WebhookReceivedData } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';
import type { QueueMessageBody } from '../outbox/index.js';
import type { MessageOutcome, ReceivedMessage } from '../queue/index.js';
import type { CompiledRoute } from '../routes/index.js';
import { AttemptJournal } from './attempt-journal.js';
import { EventAppender } from './event-appender.js';
import { createOutboundHttp, type OutboundPolicy, type SendHttp } from './outbound-http.js';
import type { Breakers, RateLimits } from './guarded-http.js';
import type { ActionRunResult } from './run-action.js';
import { runRouteAction } from './run-route-action.js';
import { runWorkflows } from './run-workflows.js';
import { WorkflowRunRecorder } from './workflow-run-recorder.js';
import { replayPinOf, WorkflowSource } from '../workflows/index.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-delay.js';
import { DriftDetector } from '../drift/index.js';
import { adapterFor, normalizePayload } from './normalize-payload.js';
import { EventLeases } from '../event-lease/index.js';
import { unansweredCalls } from './unanswered-calls.js';
import { nextAttemptAt, throttleDelaySeconds } from './wait-delay.js';
import { failureHistory, sinceLastReplay } from './attempt-history.js';
import { webhookSearchEntry } from '../event-explorer/index.js';

export interface WebhookProcessorOptions {
  store: EventStore;
  connectors: Readonly<Record<string, Connector>>;
  routes: readonly CompiledRoute[];
  log: Logger;
  /** Defaults (the worker's HUB_RETRY_* settings). */
  retry?: RetryPolicy;
  /** A target connector's own policy, when it declares one (or hub.config.yaml does). */
  retryFor?: (connector: string) => RetryPolicy | undefined;
  outbound: OutboundPolicy;
  limits?: RateLimits;
  breakers?: Breakers;
  metrics?: HubMetrics;
  /** Raises alerts for permanent failures and quarantined payloads (and schema drift, when it has raiseDrift). */
  alerts?: Pick<AlertRaiser, 'raise'> & Partial<Pick<AlertRaiser, 'raiseDrift'>>;
  /** Schema drift detection (default: on, over `store`'s pool); `false` turns it off. */
  drift?: Pick<DriftDetector, 'observe'> | false;
  /** Credentials and base URLs of target connectors that declare them. */
  auth?: Pick<OutboundAuth, 'authorizerFor' | 'baseUrlFor'>;
  /** Where the enabled workflows are read (default: PostgreSQL through `store`'s pool); `false` runs routes only. */
  workflows?: Pick<WorkflowSource, 'forEvent'> | false;
  /** How long an event's lease lives without renewal (default 30 s; the worker passes its visibility timeout). */
  leaseTtlMs?: number;
  /** `false`: no search rows for the explorer (default: each webhook's row rides on its attempt's first write). */
  search?: false;
}

/** A message outcome with its label on hub_processing_outcomes_total. */
type LabelledOutcome = MessageOutcome & { label: 'processed' | 'quarantined' | 'retry' | 'throttled' | 'dead_lettered' };

const MessageBody = z.object({ eventId: z.uuid(), replay: z.boolean().optional() });

/**
 * The worker's pipeline for one queue message: load the event, parse the payload with its
 * schema (quarantine if it does not parse), run the routes' actions, then the enabled workflows
 * the event triggers, each call exactly once (idempotency key from our event id), record every
 * step, then let the message go.
 */
export class WebhookProcessor {
  private readonly appender: EventAppender;
  private readonly streams: Batcher<string, { stream: StoredEvent[]; workflowGeneration: number | undefined }>;
  private readonly retry: RetryPolicy;
  private readonly send: SendHttp;
  private readonly drift: Pick<DriftDetector, 'observe'> | undefined;
  private readonly workflows: Pick<WorkflowSource, 'forEvent'> | undefined;
  private readonly runs: WorkflowRunRecorder | undefined;
  private readonly leases: EventLeases;

  constructor(private readonly options: WebhookProcessorOptions) {
    this.send = createOutboundHttp(options.outbound);
    this.appender = new EventAppender(options.store);
    // Messages arrive ten at a time: their streams are read with one query, which also says which
    // workflow rows the WorkflowSource may keep using for them.
    this.streams = new Batcher(
      async (ids) => {
        const read = await options.store.readStreamsWithWorkflowGeneration(ids);
        return read.streams.map((stream) => ({ stream, workflowGeneration: read.workflowGeneration }));
      },
      { maxBatch: 100, maxInFlight: 4 },
    );
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.drift = options.drift === false ? undefined : (options.drift ?? new DriftDetector(options.store.pool, options.store));
    this.workflows = options.workflows === false ? undefined : (options.workflows ?? new WorkflowSource(options.store.pool));
    this.runs = this.workflows ? new WorkflowRunRecorder(options.store.pool, options.log) : undefined;
    this.leases = new EventLeases(options.store.pool, { ttlMs: options.leaseTtlMs ?? 30_000, log: options.log });
  }

  async handle(message: ReceivedMessage): Promise<MessageOutcome> {
    const { log } = this.options;
    const body = safeJson(message.body);
    const parsedBody = MessageBody.safeParse(body);
    if (!parsedBody.success) {
      log.error({ messageId: message.messageId }, 'queue message is not {eventId}; dropped');
      return { kind: 'delete' };
    }
    const { eventId } = parsedBody.data satisfies QueueMessageBody;
    // One holder at a time per event, across replicas and replay requests: a redelivery while a
    // slow handler runs, or a replay message beside the original, waits and then finds it done.
    const claim = await this.leases.acquire(eventId);
    if (!claim.acquired) {
      log.debug({ eventId, retryInMs: claim.retryInMs }, 'event held by another worker or replay; message comes back later');
      return { kind: 'retry', delaySeconds: Math.max(1, Math.ceil(claim.retryInMs / 1000)) };
    }
    try {
      // Read under the lease: what an earlier holder recorded (a succeeded call, the outcome) is seen.
      const { stream, workflowGeneration } = await this.streams.submit(eventId);
      const received = stream.find((e) => e.type === EventTypes.webhookReceived);
      if (!received) {
        log.error({ eventId }, 'queued event not found in the event store; dropped');
        return { kind: 'delete' };
      }
      // A replay records webhook.replayed (queued again) before its message leaves, so a finished
      // status means this message has nothing left to do: a redelivery, or a replay already run.
      if (FinishedStatuses.has(deriveStatus(stream.map((e) => e.type)) ?? '')) {
        this.options.metrics?.outcomes.inc({ connector: received.connector, outcome: 'skipped' });
        return { kind: 'delete' };
      }
      const outcome = await this.process(received, stream, { receiveCount: message.receiveCount, workflowGeneration });
      this.options.metrics?.outcomes.inc({ connector: received.connector, outcome: outcome.label });
      return outcome;
    } finally {
      // Not awaited: the outcome is recorded, and the message's slot need not wait for one more
      // round trip (a replay that asks meanwhile is told to come back; drain() waits at a stop).
      // Not in the outcome's statement either: there the outcome waited on the renewal's row
      // locks, and a deadlock once aborted 15 outcomes (docs/benchmarks.md, fourth increment).
      void this.leases.release(claim.lease);
    }
  }

  /** Resolves once the leases of finished messages are released (call after the consumer stopped). */
  drain(): Promise<void> {
    return this.leases.idle();
  }

  private async process(received: StoredEvent, stream: StoredEvent[], delivery: { receiveCount: number; workflowGeneration: number | undefined }): Promise<LabelledOutcome> {
    // Events kept and written with the next one that must be durable (the request before a call)
    // or with the outcome; all are durable before the message is let go (see conclude).
    const journal = new AttemptJournal(this.appender);
    try {
      return await this.attempt(received, stream, delivery, journal);
    } catch (err) {
      // A handler that throws still leaves what it did, its webhook.processing first: the
      // attempt counts (a redrive's `attempts`) and the timeline shows how far it got.
      await journal.flush().catch(() => undefined);
      throw err;
    }
  }

  private async attempt(
    received: StoredEvent,
    stream: StoredEvent[],
    { receiveCount, workflowGeneration }: { receiveCount: number; workflowGeneration: number | undefined },
    journal: AttemptJournal,
  ): Promise<LabelledOutcome> {
    const base = { stream: received.stream, connector: received.connector, account: received.account };
    // An attempt is a run that failed; throttled runs do not count, and a replay starts afresh.
    const history = failureHistory(sinceLastReplay(stream));
    const attempt = history.length + 1;
    const data = received.data as WebhookReceivedData;
    const record = (event: NewEvent) => journal.record(event);
    record({ type: EventTypes.webhookProcessing, data: { attempt, receiveCount }, ...base });
    this.indexForSearch(received, journal);

    await this.observeShape(received, data);
    const payloadProblem = this.validatePayload(received.connector, data);
    if (payloadProblem) return this.quarantine(received, data.eventType, payloadProblem, journal);

    const connector = this.options.connectors[received.connector];
    const adapter = adapterFor(connector, data.eventType);
    let canonical: unknown;
    if (connector && adapter) {
      let normalized: Awaited<ReturnType<typeof normalizePayload>>;
      try {
        normalized = await normalizePayload(connector, adapter, data.payload, data.headers ?? {});
      } catch (err) {
        if (!isHubError(err) || !err.retryable) throw err;
        // The mapping could not run for now (HUB_JSONATA_BUSY): the message waits, no attempt used.
        await journal.flush();
        return { kind: 'retry', delaySeconds: Math.max(1, Math.ceil((err.retryAfterMs ?? 1_000) / 1000)), label: 'throttled' };
      }
      if (!normalized.ok) {
        const { ok: _ok, ...problem } = normalized;
        return this.quarantine(received, data.eventType, problem, journal);
      }
      record({ type: EventTypes.webhookNormalized, data: { model: normalized.model, version: normalized.version, value: normalized.value }, ...base });
      canonical = normalized.value;
    }

    // A replay against a workflow version re-runs that workflow only: the routes did their part in the first delivery.
    const routes = replayPinOf(stream) ? [] : this.options.routes.filter((r) => r.config.on.connector === received.connector && r.config.on.event === data.eventType);
    const done = new Set(stream.filter((e) => e.type === EventTypes.actionSucceeded).map((e) => (e.data as { idempotencyKey?: string }).idempotencyKey));
    const results: ActionRunResult[] = [];
    const calls = {
      received,
      alreadySucceeded: done,
      unanswered: unansweredCalls(stream),
      connectors: this.options.connectors,
      append: (event: NewEvent) => journal.append(event),
      record,
      send: this.send,
      metrics: this.options.metrics,
      limits: this.options.limits,
      breakers: this.options.breakers,
      auth: this.options.auth,
    };
    const failed = (r: ActionRunResult) => r.outcome !== 'succeeded' && r.outcome !== 'skipped';
    for (const route of routes) {
      const result = await runRouteAction({ route, payload: data.payload, canonical, eventType: data.eventType, ...calls });
      results.push(result);
      if (failed(result)) break;
    }
    // Workflows run after the routes, only on event types the connector declares (a workflow cannot trigger on others).
    const declared = connector !== undefined && Object.hasOwn(connector.events, data.eventType);
    if (this.workflows && declared && !results.some(failed)) {
      // A failure branch takes a transient failure once the event has no attempt left (conclude's rule, without the time budget).
      const attempts = { attempt, maxFor: (target: string) => (this.options.retryFor?.(target) || this.retry).maxAttempts };
      const workflows = { source: this.workflows, runs: this.runs, workflowGeneration };
      results.push(...(await runWorkflows({ stream, ...workflows, payload: data.payload, canonical, eventType: data.eventType, attempts, ...calls })));
    }
    // The outcome commits in the same statement as the attempt's events still kept: whoever sees
    // it (the console, a test waiting for 'processed') sees the whole attempt.
    const outcome = this.conclude(base, { attempt, receivedAt: received.createdAt, history }, results, record);
    await journal.flush();
    await this.alertOn(received, results);
    return outcome;
  }

  private async quarantine(
    received: StoredEvent,
    eventType: string,
    problem: { reason: string } & object,
    journal: AttemptJournal,
  ): Promise<LabelledOutcome> {
    journal.record({ stream: received.stream, connector: received.connector, account: received.account, type: EventTypes.webhookQuarantined, data: problem });
    await journal.flush();
    await this.options.alerts?.raise(received.connector, 'data_format', { eventId: received.stream, eventType, reason: problem.reason });
    return { kind: 'delete', label: 'quarantined' };
  }

  /**
   * The explorer's search row, written here rather than by the ingress (whose one statement per
   * batch is its throughput), in the statement of the attempt's first events; a quarantined
   * payload is indexed too, it is what gets searched for.
   */
  private indexForSearch(received: StoredEvent, journal: AttemptJournal): void {
    const entry = this.options.search === false ? undefined : webhookSearchEntry(this.options.connectors[received.connector], received);
    if (entry) journal.index(entry);
  }

  /** Drift is observed on every payload of a declared event type, also one about to be quarantined: it may say why. */
  private async observeShape(received: StoredEvent, data: WebhookReceivedData): Promise<void> {
    const events = this.options.connectors[received.connector]?.events;
    if (!this.drift || data.payload === undefined || !events || !Object.hasOwn(events, data.eventType)) return;
    try {
      const diff = await this.drift.observe({ stream: received.stream, connector: received.connector, account: received.account, eventType: data.eventType, payload: data.payload });
      if (diff) await this.options.alerts?.raiseDrift?.(received.connector, data.eventType, received.stream, diff);
    } catch (err) {
      // Drift is an observation: failing to record it must not hold up the webhook.
      this.options.log.warn({ err, connector: received.connector, eventId: received.stream }, 'schema drift check failed');
    }
  }

  private async alertOn(received: StoredEvent, results: ActionRunResult[]): Promise<void> {
    const failure = results.find((r) => r.outcome === 'permanent' || r.outcome === 'outcome_unknown' || r.outcome === 'invalid_input' || r.outcome === 'invalid_output');
    if (!failure) return;
    const kind = failure.outcome === 'permanent' || failure.outcome === 'outcome_unknown' ? 'permanent_failure' : 'data_format';
    await this.options.alerts?.raise(received.connector, kind, { eventId: received.stream, route: failure.route, code: failure.error?.code, message: failure.error?.message });
  }

  private validatePayload(connectorId: string, data: WebhookReceivedData): ({ reason: string } & Record<string, unknown>) | undefined {
    if (data.payload === undefined) return { code: 'HUB_PAYLOAD_INVALID', reason: data.bodyError ?? 'body is not JSON', class: 'data_format' };
    const events = this.options.connectors[connectorId]?.events;
    // The event type comes from the provider: `constructor` must not find Object's.
    const schema = events && Object.hasOwn(events, data.eventType) ? events[data.eventType] : undefined;
    if (!schema) return undefined; // an event type we do not model: recorded, nothing routed to it
    const parsed = schema.safeParse(data.payload);
    if (parsed.success) return undefined;
    return { code: 'HUB_PAYLOAD_INVALID', reason: `payload does not match the ${data.eventType} schema`, class: 'data_format', issues: parsed.error.issues };
  }

  /** Records the outcome (the caller waits for it to be durable) and says what to do with the message. */
  private conclude(
    base: Omit<NewEvent, 'type' | 'data'>,
    { attempt, receivedAt, history }: { attempt: number; receivedAt: Date; history: unknown[] },
    results: ActionRunResult[],
    record: (event: NewEvent) => void,
  ): LabelledOutcome {
    const first = results.find((r) => r.outcome !== 'succeeded' && r.outcome !== 'skipped');
    // A node whose own retries are spent ends the retries: a retry for a sibling's sake would call it again.
    const spent = results.find((r) => r.exhausted);
    const failure = spent && (first?.outcome === 'transient' || first?.outcome === 'throttled') ? spent : first;
    if (!failure) {
      record({ type: EventTypes.webhookProcessed, data: { attempt, actions: results.map((r) => ({ route: r.route, outcome: r.outcome })) }, ...base });
      return { kind: 'delete', label: 'processed' };
    }
    if (failure.outcome === 'throttled') {
      // The action.throttled that runAction recorded says when the message comes back (nextAttemptAt, from this delay).
      const delaySeconds = throttleDelaySeconds(failure.error?.retryAfterMs);
      // An open circuit also pauses this queue's consumer: its other messages would only wait too.
      const pause = failure.error?.code === 'HUB_CIRCUIT_OPEN' ? { pauseConsumerMs: failure.error.retryAfterMs ?? 1_000 } : {};
      return { kind: 'retry', delaySeconds, ...pause, label: 'throttled' };
    }
    const error = { code: failure.error?.code, message: failure.error?.message, route: failure.route, ...(failure.exhausted ? { nodeRetries: failure.exhausted.retries } : {}) };
    if (failure.outcome === 'invalid_input' || failure.outcome === 'invalid_output') {
      record({ type: EventTypes.webhookQuarantined, data: { class: 'data_format', issues: failure.issues, ...error }, ...base });
      return { kind: 'delete', label: 'quarantined' };
    }
    const policy = (failure.target && this.options.retryFor?.(failure.target)) || this.retry;
    const delayMs = retryDelayMs(attempt, policy, failure.error?.retryAfterMs);
    const withinBudget = policy.maxRetryTimeMs === undefined || Date.now() + delayMs - receivedAt.getTime() <= policy.maxRetryTimeMs;
    if (failure.outcome === 'transient' && !failure.exhausted && attempt < policy.maxAttempts && withinBudget) {
      const delaySeconds = Math.ceil(delayMs / 1000);
      record({ type: EventTypes.webhookFailed, data: { class: 'transient', attempt, nextAttemptInMs: delayMs, nextAttemptAt: nextAttemptAt(delaySeconds), ...error }, ...base });
      return { kind: 'retry', delaySeconds, label: 'retry' };
    }
    const errorClass = failure.outcome === 'transient' ? 'transient' : 'permanent';
    // outcome_unknown is never retried: the request may have had its effect, an operator decides.
    // The attempt counts as a permanent failure (health), the dead letter carries the class the DLQ views show.
    const deadClass = failure.outcome === 'outcome_unknown' ? 'outcome_unknown' : errorClass;
    record({ type: EventTypes.webhookFailed, data: { class: errorClass, attempt, ...error }, ...base });
    record({
      type: EventTypes.webhookDeadLettered,
      data: { class: deadClass, attempts: attempt, lastRequest: failure.request, lastResponse: failure.response, history, ...error },
      ...base,
    });
    // The event store is the dead-letter list (hub dlq, the console); the message has nothing left to do.
    return { kind: 'delete', label: 'dead_lettered' };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

