import { useState } from 'react';
import { ActionError } from './action-error';
import { ConfirmButton } from './confirm-button';
import { notServed } from './not-served';
import { ReplayEventRow } from './replay-event-row';
import { dryRunReplay, replayForReal, type ReplayWindow } from './workflow-api';
import type { ReplayDryRunEvent, ReplayReport, WorkflowDetail } from './workflow-types';
import { useOperatorAction } from './use-operator-action';

const MAX_EVENTS = 500;

/** Re-runs a time window of stored events through one version: a dry run first (would call vs did call), then for real. */
export function ReplayTab({ workflow }: { workflow: WorkflowDetail }) {
  const action = useOperatorAction();
  const [version, setVersion] = useState(workflow.activeVersion ?? workflow.latestVersion);
  const [from, setFrom] = useState('1h');
  const [to, setTo] = useState('');
  const [limit, setLimit] = useState(100);
  const [dryRun, setDryRun] = useState<{ window: ReplayWindow; events: ReplayDryRunEvent[] }>();
  const [report, setReport] = useState<ReplayReport>();
  const window: ReplayWindow = { version, from: from.trim(), ...(to.trim() ? { to: to.trim() } : {}), limit };

  const runDry = async () => {
    setReport(undefined);
    const answer = await action.run(() => dryRunReplay(workflow.name, window));
    setDryRun(answer ? { window, events: answer.events } : undefined);
  };
  const runForReal = async (tried: ReplayWindow) => {
    const answer = await action.run(() => replayForReal(workflow.name, { ...tried, reason: `replay against v${tried.version} from the console` }));
    if (answer) setReport(answer);
  };
  const differing = dryRun?.events.filter((e) => e.diff === 'different').length ?? 0;

  return (
    <div data-testid="replay">
      <form className="filters" onSubmit={(e) => (e.preventDefault(), void runDry())}>
        <label>
          version
          <select data-testid="replay-version" value={version} onChange={(e) => setVersion(Number(e.target.value))}>
            {workflow.versions.map((v) => (
              <option key={v.version} value={v.version}>
                v{v.version}
                {v.version === workflow.activeVersion ? ' (active)' : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          from (ISO time or age: 30m, 2h, 7d)
          <input data-testid="replay-from" value={from} onChange={(e) => setFrom(e.target.value)} required />
        </label>
        <label>
          to (empty: now)
          <input data-testid="replay-to" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          at most
          <input type="number" min={1} max={MAX_EVENTS} data-testid="replay-limit" value={limit} onChange={(e) => setLimit(Math.min(MAX_EVENTS, Math.max(1, Number(e.target.value))))} />
        </label>
        <button type="submit" data-testid="replay-dry-run" disabled={action.busy}>
          Dry run
        </button>
      </form>
      {notServed(action.error) ? <p className="muted">This hub does not replay workflows yet (no POST /api/workflows/:name/replay).</p> : <ActionError error={action.error} />}
      {dryRun ? (
        <>
          <p data-testid="replay-summary">
            {dryRun.events.length} stored events in the window; v{dryRun.window.version} would call something different for <strong>{differing}</strong>.
          </p>
          {dryRun.events.length > 0 ? (
            <div className="actions">
              <ConfirmButton
                label="Replay for real"
                question={`Run these ${dryRun.events.length} events through v${dryRun.window.version} again? Calls already made by v${dryRun.window.version} are not repeated.`}
                disabled={action.busy}
                testId="replay-real"
                onConfirm={() => void runForReal(dryRun.window)}
              />
            </div>
          ) : null}
          {report ? (
            <p data-testid="replay-queued" data-queued={report.queued}>
              {report.queued} events queued for replay through v{dryRun.window.version}; their runs appear on the Runs tab.
              {report.skipped.length > 0 ? ` ${report.skipped.length} not queued again: already waiting or being processed.` : ''}
            </p>
          ) : null}
          <table data-testid="replay-events">
            <thead>
              <tr>
                <th>event</th>
                <th>path</th>
                <th>would call (v{dryRun.window.version})</th>
                <th>did call</th>
              </tr>
            </thead>
            <tbody>
              {dryRun.events.map((e) => (
                <ReplayEventRow key={e.eventId} event={e} />
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}
