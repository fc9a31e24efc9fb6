import { postJson } from '../api/console-api';
import type { ReplayReport, WebhookStatus } from '../api/types';
import { useLiveData } from '../api/use-live-data';

const CHUNK = 1_000;

async function statuses(ids: string[]): Promise<Record<string, WebhookStatus | null>> {
  const out: Record<string, WebhookStatus | null> = {};
  for (let i = 0; i < ids.length; i += CHUNK) {
    const { statuses: part } = await postJson<{ statuses: Record<string, WebhookStatus | null> }>('/api/events/statuses', { eventIds: ids.slice(i, i + CHUNK) });
    Object.assign(out, part);
  }
  return out;
}

/** How far a replay has got: processed / failed again / still on the way, updated as events are stored. */
export function ReplayProgress({ report }: { report: ReplayReport }) {
  const ids = report.eventIds;
  const { data } = useLiveData(() => (ids.length ? statuses(ids) : Promise.resolve({})), [report.replayId], (c) => c.more || c.streams.some((s) => ids.includes(s)));
  const values = Object.values(data ?? {});
  const processed = values.filter((s) => s === 'processed').length;
  const failed = values.filter((s) => s === 'dead_lettered' || s === 'quarantined').length;
  const pending = ids.length - processed - failed;
  const done = pending === 0 && data !== undefined;
  return (
    <div className={`replay-progress${done ? ' done' : ''}`} data-testid="replay-progress" data-processed={processed} data-failed={failed} data-total={ids.length}>
      <progress max={Math.max(1, ids.length)} value={processed + failed} />
      <span>
        replay <code>{report.replayId.slice(0, 8)}</code>: {processed} of {ids.length} processed
        {failed ? `, ${failed} failed again` : ''}
        {pending > 0 ? `, ${pending} on the way` : ' — done'}
        {report.skipped.length > 0 ? ` (${report.skipped.length} already queued or processing: not queued again)` : ''}
        {report.outcomeUnknown.length > 0 ? ` · ${report.outcomeUnknown.length} outcome_unknown left out: replay each by itself once checked with the provider` : ''}
      </span>
    </div>
  );
}
