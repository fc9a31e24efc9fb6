import { useState } from 'react';
import { ActionError } from './action-error';
import { ConfirmButton } from './confirm-button';
import { DEFAULT_GUARD } from './canary-guard';
import { endCanary, setCanary } from './workflow-api';
import { sameValue } from './diff-workflows';
import type { CanaryGuard, WorkflowDetail } from './workflow-types';
import { useOperatorAction } from './use-operator-action';

const DEFAULT_PERCENT = 10;

/** The canary's version, its share (a 1–99 % slider) and guard, with start / change / promote / stop. */
export function CanaryForm({ workflow, onChanged }: { workflow: WorkflowDetail; onChanged(): void }) {
  const action = useOperatorAction(onChanged);
  const running = workflow.canary;
  const candidates = workflow.versions.filter((v) => v.version !== workflow.activeVersion);
  const [version, setVersion] = useState(running?.version ?? candidates[0]?.version ?? 0);
  const [percent, setPercent] = useState(running?.percent ?? DEFAULT_PERCENT);
  const [guard, setGuard] = useState<CanaryGuard>(running?.guard ?? DEFAULT_GUARD);
  const setPart = (part: Partial<CanaryGuard>) => setGuard((g) => ({ ...g, ...part }));
  const send = () => setCanary(workflow.name, version, percent, guard);
  const unchanged = running !== null && percent === running.percent && sameValue(guard, running.guard);

  if (workflow.activeVersion === null) return <p className="muted">A canary runs beside the active version; activate one first (Versions: roll back to it).</p>;
  if (!running && candidates.length === 0) return <p className="muted">Only the active version exists: save another version to try it as a canary.</p>;

  return (
    <form className="canary-form" data-testid="canary-form" onSubmit={(e) => e.preventDefault()}>
      <label>
        version
        <select data-testid="canary-version" value={version} disabled={running !== null} onChange={(e) => setVersion(Number(e.target.value))}>
          {(running ? workflow.versions.filter((v) => v.version === running.version) : candidates).map((v) => (
            <option key={v.version} value={v.version}>
              v{v.version}
              {v.message ? ` — ${v.message}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="slider">
        share of events
        <input type="range" min={1} max={99} step={1} value={percent} data-testid="canary-percent" aria-label="canary percent" onChange={(e) => setPercent(Number(e.target.value))} />
        <output data-testid="canary-percent-value">{percent} %</output>
      </label>
      <fieldset className="guard" data-testid="canary-guard">
        <legend>automatic rollback</legend>
        <label>
          failure-rate margin (points)
          <input type="number" min={0} max={100} step={1} data-testid="guard-margin" value={Math.round(guard.failureRateMargin * 100)} onChange={(e) => setPart({ failureRateMargin: Number(e.target.value) / 100 })} />
        </label>
        <label>
          minimum runs
          <input type="number" min={1} step={1} data-testid="guard-min-runs" value={guard.minRuns} onChange={(e) => setPart({ minRuns: Math.max(1, Math.round(Number(e.target.value))) })} />
        </label>
        <label>
          p95 factor (empty: latency not checked)
          <input
            type="number"
            min={1}
            step={0.1}
            data-testid="guard-p95-factor"
            value={guard.p95Factor ?? ''}
            onChange={(e) => setPart({ p95Factor: e.target.value === '' ? null : Number(e.target.value) })}
          />
        </label>
      </fieldset>
      <div className="actions">
        {running ? (
          <>
            <button type="button" data-testid="canary-change" disabled={action.busy || unchanged} onClick={() => void action.run(send)}>
              {percent === running.percent ? 'Apply the guard' : `Change to ${percent} %`}
            </button>
            <ConfirmButton
              label="Promote"
              question={`Make v${running.version} the active version for every event?`}
              disabled={action.busy}
              testId="canary-promote"
              onConfirm={() => void action.run(() => endCanary(workflow.name, 'promote'))}
            />
            <button type="button" data-testid="canary-stop" disabled={action.busy} onClick={() => void action.run(() => endCanary(workflow.name, 'stop'))}>
              Stop canary
            </button>
          </>
        ) : (
          <button type="button" data-testid="canary-start" disabled={action.busy || version === 0} onClick={() => void action.run(send)}>
            Start canary at {percent} %
          </button>
        )}
      </div>
      <ActionError error={action.error} />
    </form>
  );
}
