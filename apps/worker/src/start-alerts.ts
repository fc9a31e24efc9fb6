import { AlertDelivery, AlertEvaluator, AlertLifecycle, type AlertTarget } from '@hub/core/alerts';
import type { Logger } from '@hub/core/logger';
import { createOutboundHttp } from '@hub/core/processing';
import type { HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';

export interface RunningAlerts {
  lifecycle: AlertLifecycle;
  stop(): Promise<void>;
}

/**
 * The alert lifecycle the processor raises through, the rule evaluator (every replica may run
 * it: its changes are conditional statements), and the delivery loop when Slack or a webhook is
 * configured. Both run on their own timers, apart from webhook processing.
 */
export function startAlerts(config: WorkerConfig, resources: HubResources, installedConnectors: readonly string[], log: Logger): RunningAlerts {
  const slack = config.HUB_ALERT_SLACK_TOKEN && config.HUB_ALERT_SLACK_CHANNEL ? { token: config.HUB_ALERT_SLACK_TOKEN, channel: config.HUB_ALERT_SLACK_CHANNEL, apiUrl: config.HUB_ALERT_SLACK_API_URL } : undefined;
  const webhook = config.HUB_ALERT_WEBHOOK_URL && config.HUB_ALERT_WEBHOOK_SECRET ? { url: config.HUB_ALERT_WEBHOOK_URL, secret: config.HUB_ALERT_WEBHOOK_SECRET } : undefined;
  const targets: AlertTarget[] = [...(slack ? (['slack'] as const) : []), ...(webhook ? (['webhook'] as const) : [])];
  const lifecycle = new AlertLifecycle({ pool: resources.pool, store: resources.store, log, targets });

  const evaluator = new AlertEvaluator({ pool: resources.pool, lifecycle, log, connectors: installedConnectors, quietMs: config.HUB_ALERT_QUIET_MS });
  if (config.HUB_ALERT_EVALUATE_INTERVAL_MS > 0) evaluator.start(config.HUB_ALERT_EVALUATE_INTERVAL_MS);

  const delivery =
    targets.length > 0
      ? new AlertDelivery({
          pool: resources.pool,
          log,
          send: createOutboundHttp({ timeoutMs: config.HUB_OUTBOUND_TIMEOUT_MS, allowedHosts: config.HUB_OUTBOUND_ALLOWED_HOSTS }),
          slack,
          webhook,
          consoleUrl: config.HUB_CONSOLE_URL,
        })
      : undefined;
  delivery?.start(config.HUB_ALERT_DELIVERY_INTERVAL_MS);
  if (targets.length > 0) log.info({ targets }, 'alert notifications on');

  return {
    lifecycle,
    async stop() {
      await evaluator.stop();
      await delivery?.stop();
    },
  };
}
