import { useEffect, useState } from 'react';
import type { WorkflowTrigger } from '@hub/core/workflows';
import { loadSamples, type SampleEvent } from './builder-api';

interface Props {
  trigger: WorkflowTrigger;
  chosen: string[];
  onChange: (eventIds: string[]) => void;
}

/** The stored webhooks of the trigger to tick for a try (newest first, with their telling fields). */
export function TryEventChooser({ trigger, chosen, onChange }: Props) {
  const [samples, setSamples] = useState<SampleEvent[] | null | 'loading'>('loading');
  useEffect(() => {
    let current = true;
    setSamples('loading');
    loadSamples(trigger.connector, trigger.event).then(
      (found) => current && setSamples(found),
      () => current && setSamples(null),
    );
    return () => {
      current = false;
    };
  }, [trigger.connector, trigger.event]);

  if (samples === 'loading') return <p className="wf-help">Loading stored {trigger.event} events…</p>;
  if (samples === null) return <p className="wf-help">This hub cannot list stored events yet.</p>;
  if (samples.length === 0) return <p className="wf-help">No {trigger.event} webhook is stored yet.</p>;
  const toggle = (eventId: string, on: boolean) => onChange(on ? [...chosen, eventId] : chosen.filter((id) => id !== eventId));
  return (
    <ul className="wf-try-chooser" data-testid="try-chooser">
      {samples.map((sample) => (
        <li key={sample.eventId}>
          <label>
            <input type="checkbox" checked={chosen.includes(sample.eventId)} onChange={(e) => toggle(sample.eventId, e.target.checked)} data-testid="try-choose" data-event-id={sample.eventId} />{' '}
            {new Date(sample.receivedAt).toLocaleString()} — {sample.summary}
          </label>
        </li>
      ))}
    </ul>
  );
}
