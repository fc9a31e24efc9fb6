import { useEffect, useState } from 'react';
import type { WorkflowTrigger } from '@hub/core/workflows';
import { loadSamples, type SampleEvent } from './builder-api';

interface Props {
  trigger: WorkflowTrigger | undefined;
  eventId: string | undefined;
  onPick: (eventId: string | undefined) => void;
}

/** Picks the stored webhook of the trigger that JSONata fields show their value on. */
export function SamplePicker({ trigger, eventId, onPick }: Props) {
  const [samples, setSamples] = useState<SampleEvent[] | null | 'loading'>('loading');
  const connector = trigger?.connector ?? '';
  const event = trigger?.event ?? '';
  useEffect(() => {
    if (!connector || !event) return setSamples([]);
    let current = true;
    setSamples('loading');
    loadSamples(connector, event).then(
      (found) => current && setSamples(found),
      () => current && setSamples(null),
    );
    return () => {
      current = false;
    };
  }, [connector, event]);

  if (!connector || !event) return <p className="wf-help">Choose the trigger to preview expressions on its stored events.</p>;
  if (samples === 'loading') return <p className="wf-help">Loading stored {event} events…</p>;
  if (samples === null) return <p className="wf-help">This hub cannot list stored events for previews yet.</p>;
  if (samples.length === 0) return <p className="wf-help">No {event} webhook is stored yet: send one (hub send-test {connector} {event}) to preview on it.</p>;
  return (
    <label className="wf-field">
      <span>Preview expressions on</span>
      <select data-testid="sample-event" value={eventId ?? ''} onChange={(e) => onPick(e.target.value || undefined)}>
        <option value="">(no sample: check syntax only)</option>
        {samples.map((s) => (
          <option key={s.eventId} value={s.eventId}>
            {new Date(s.receivedAt).toLocaleString()} — {s.summary}
          </option>
        ))}
      </select>
    </label>
  );
}
