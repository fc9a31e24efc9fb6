/** `/hub help`, also the answer to a subcommand it does not know. */
export const HELP = [
  '*/hub* — the Integration Hub from Slack',
  '• `/hub health` — every connector: status, success rate, p95, queue depth, circuit',
  '• `/hub health stripe` — one connector, window by window',
  '• `/hub dlq stripe` — dead-lettered and quarantined events, each with a *Replay* button (operators only)',
  '• `/hub help` — this message',
].join('\n');
