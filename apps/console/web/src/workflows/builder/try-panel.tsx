import { useState } from 'react';
import type { WorkflowGraph } from '@hub/core/workflows';
import { tryOnStoredEvents, type Refusal, type TryEvent, type TryResult } from './builder-api';
import { TryEventChooser } from './try-event-chooser';
import { stepOutcomeText } from './step-outcome-text';

interface Props {
  document: WorkflowGraph;
  /** The nodes an event went through (empty: none picked), for the canvas to highlight. */
  onPath: (nodes: string[]) => void;
  onRefused: (refusal: Refusal) => void;
  onChecked: () => void;
}

const calls = (event: TryEvent) => event.steps.filter((s) => s.outcome === 'would_send');

/** The draft run over the last N stored webhooks of its trigger: the path each took and the requests it WOULD send. Nothing is called. */
export function TryPanel({ document, onPath, onRefused, onChecked }: Props) {
  const [last, setLast] = useState(20);
  // null: the last N; a list: exactly the stored webhooks picked (an order that once went wrong).
  const [chosen, setChosen] = useState<string[] | null>(null);
  const [result, setResult] = useState<TryResult | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);

  const run = async () => {
    setBusy(true);
    setFailed(null);
    try {
      const answer = await tryOnStoredEvents(document, chosen === null ? { last } : { eventIds: chosen });
      if (!answer.ok) {
        setResult(null);
        onRefused(answer.refusal);
        return;
      }
      onChecked();
      setResult(answer.result);
      const first = answer.result.events[0];
      pick(first);
    } catch (err) {
      setFailed(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const pick = (event: TryEvent | undefined) => {
    setPicked(event?.eventId ?? null);
    onPath(event ? ['trigger', ...event.steps.map((s) => s.id)] : []);
  };
  const shown = result?.events.find((e) => e.eventId === picked);

  return (
    <section className="wf-try" aria-label="Try on stored events">
      <h3>Try on stored events</h3>
      <p className="wf-help">Runs this draft over webhooks already stored for its trigger and shows what it would do. Nothing is called and nothing is saved.</p>
      <div className="wf-row" role="radiogroup" aria-label="which stored events">
        <label>
          <input type="radio" name="try-selection" checked={chosen === null} onChange={() => setChosen(null)} data-testid="try-mode-last" /> the last N
        </label>
        <label>
          <input type="radio" name="try-selection" checked={chosen !== null} onChange={() => setChosen([])} data-testid="try-mode-chosen" /> the ones I pick
        </label>
      </div>
      {chosen !== null ? <TryEventChooser trigger={document.trigger} chosen={chosen} onChange={setChosen} /> : null}
      <div className="wf-row">
        <label hidden={chosen !== null}>
          Last{' '}
          <input type="number" min={1} max={200} value={last} onChange={(e) => setLast(Math.max(1, Math.min(200, Number(e.target.value) || 1)))} data-testid="try-last" style={{ width: '4rem' }} /> events
        </label>
        <button type="button" onClick={run} disabled={busy || chosen?.length === 0} data-testid="try-run">
          {busy ? 'Trying…' : 'Try on stored events'}
        </button>
      </div>
      {failed ? <p className="error">{failed}</p> : null}
      {result ? (
        <div data-testid="try-results" data-count={result.events.length}>
          <p>
            {result.events.length === 0
              ? `No ${result.trigger.event} webhook is stored yet.`
              : `${result.totals.would_run} would run, ${result.totals.filtered} filtered, ${result.totals.error} with an error. Pick one to see its path on the canvas.`}
          </p>
          <ul className="wf-try-events">
            {result.events.map((event) => (
              <li key={event.eventId}>
                <button type="button" className={event.eventId === picked ? 'wf-picked' : ''} onClick={() => pick(event)} data-testid="try-event" data-event-id={event.eventId} data-outcome={event.outcome} data-calls={calls(event).length}>
                  {new Date(event.receivedAt).toLocaleString()} · {event.outcome.replace('_', ' ')} · {calls(event).length} call(s)
                </button>
              </li>
            ))}
          </ul>
          {shown ? <TryEventDetail event={shown} /> : null}
        </div>
      ) : null}
    </section>
  );
}

function TryEventDetail({ event }: { event: TryEvent }) {
  return (
    <div className="wf-try-detail" data-testid="try-detail" data-event-id={event.eventId}>
      {event.problem ? <p className="error">{event.problem}</p> : null}
      <ol>
        {event.steps.map((step) => (
          <li key={step.id} data-testid="try-step" data-node={step.id} data-outcome={step.outcome}>
            <strong>{step.id}</strong> {stepOutcomeText(step)}
            {step.problem ? <span className="error"> {step.problem}</span> : null}
            {step.outcome === 'would_send' ? (
              <div className="wf-try-call" data-testid="try-call" data-node={step.id}>
                would call <code>{step.action}</code>
                {step.text !== undefined ? (
                  <>
                    {' '}
                    with the message <q>{step.text}</q>
                  </>
                ) : null}
                <pre>{JSON.stringify(step.input, null, 2)}</pre>
              </div>
            ) : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
