import { ago } from '../../overview/format';
import { shortValue } from './describe-field-change';
import { matchCalls } from './match-calls';
import type { ReplayCall, ReplayDryRunEvent } from './workflow-types';

/** One event of a replay dry run: the calls the version would make beside those that happened, unpaired ones highlighted. */
export function ReplayEventRow({ event }: { event: ReplayDryRunEvent }) {
  const matched = matchCalls(event.wouldCall, event.didCall);
  return (
    <tr data-testid="replay-event" data-event-id={event.eventId} data-diff={event.diff} className={`replay-${event.diff}`}>
      <td>
        <a href={`#/events/${event.eventId}`}>
          <code>{event.eventId.slice(0, 8)}…</code>
        </a>{' '}
        <span className="muted">{ago(event.receivedAt)}</span> <span className={`badge diff-${event.diff}`}>{event.diff}</span>
      </td>
      <td>
        <code>{event.path.join(' → ') || '—'}</code>
      </td>
      <td>
        <CallList calls={event.wouldCall} paired={matched.would} side="would" />
      </td>
      <td>
        <CallList calls={event.didCall} paired={matched.did} side="did" />
      </td>
    </tr>
  );
}

function CallList({ calls, paired, side }: { calls: ReplayCall[]; paired: boolean[]; side: 'would' | 'did' }) {
  if (calls.length === 0) return <span className="muted">nothing</span>;
  return (
    <ul className="calls">
      {calls.map((call, i) => (
        <li key={i} className={paired[i] ? 'call-same' : 'call-different'} data-testid={`${side}-call`} data-paired={String(paired[i])}>
          <strong>{call.node ?? call.label}</strong> <code>
            {call.connector}.{call.action}
          </code>
          {call.outcome ? <span className="muted"> {call.outcome}</span> : null}
          {call.input !== undefined ? <div className="call-input">{shortValue(call.input)}</div> : null}
        </li>
      ))}
    </ul>
  );
}
