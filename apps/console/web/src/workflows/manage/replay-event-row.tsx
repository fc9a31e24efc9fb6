import { ago } from '../../overview/format';
import { shortValue } from './describe-field-change';
import { matchCalls } from './match-calls';
import { shortEventId } from './short-event-id';
import type { CallMade, ReplayDryRunEvent } from './workflow-types';

/** One event of a replay dry run: the calls the version would make beside those that happened, unpaired ones highlighted. */
export function ReplayEventRow({ event }: { event: ReplayDryRunEvent }) {
  // The API decides same/different (it also reads a recorded input through the action's schema); the pairing only shows which calls differ.
  const matched = event.diff === 'same' ? { would: event.wouldCall.map(() => true), did: event.didCall.map(() => true) } : matchCalls(event.wouldCall, event.didCall);
  return (
    <tr data-testid="replay-event" data-event-id={event.eventId} data-diff={event.diff} className={`replay-${event.diff}`}>
      <td>
        <a href={`#/events/${event.eventId}`}>
          <code>{shortEventId(event.eventId)}</code>
        </a>{' '}
        <span className="muted">{ago(event.receivedAt)}</span> <span className={`badge diff-${event.diff}`}>{event.diff}</span>
      </td>
      <td>
        <code>{event.path.join(' → ') || '—'}</code>
        {event.outcome === 'filtered' ? <div className="muted">stops: nothing to call</div> : null}
        {event.outcome === 'error' ? <div className="error">{event.problem ?? 'the version would fail this event'}</div> : null}
      </td>
      <td>
        <CallList calls={event.wouldCall.map((c) => ({ name: c.node, target: `${c.connector}.${c.action}`, input: c.input }))} paired={matched.would} side="would" />
      </td>
      <td>
        <CallList calls={event.didCall.map(madeCall)} paired={matched.did} side="did" />
      </td>
    </tr>
  );
}

interface ShownCall {
  name: string;
  target: string;
  input?: unknown;
  note?: string;
}

const madeCall = (c: CallMade): ShownCall => ({
  name: c.node,
  target: c.connector && c.action ? `${c.connector}.${c.action}` : 'unknown action',
  input: c.input,
  note: `${c.outcome}${c.version === null ? '' : `, v${c.version}`}`,
});

function CallList({ calls, paired, side }: { calls: ShownCall[]; paired: boolean[]; side: 'would' | 'did' }) {
  if (calls.length === 0) return <span className="muted">nothing</span>;
  return (
    <ul className="calls">
      {calls.map((call, i) => (
        <li key={i} className={paired[i] ? 'call-same' : 'call-different'} data-testid={`${side}-call`} data-node={call.name} data-paired={String(paired[i])}>
          <strong>{call.name}</strong> <code>{call.target}</code>
          {call.note ? <span className="muted"> {call.note}</span> : null}
          {call.input !== undefined ? <div className="call-input">{shortValue(call.input)}</div> : null}
        </li>
      ))}
    </ul>
  );
}

