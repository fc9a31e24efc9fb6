import './manage.css';
import { useEffect } from 'react';
import { useLiveData } from '../../api/use-live-data';
import { ErrorNote } from '../../error-note';
import { ago } from '../../overview/format';
import { listWorkflows, touchesWorkflows } from './workflow-api';
import { runCountsText, workflowState } from './workflow-state';
import type { WorkflowSummary } from './workflow-types';

// Runs are stored as workflow.* events, so the stream announces them; the poll only catches counts
// leaving the 24-hour window and a stream that is down.
const POLL_MS = 30_000;

/** #/workflows: every workflow with its state, active version, the last 24 h of runs and the last error. */
export function WorkflowsListPage() {
  const { data, error, reload } = useLiveData(listWorkflows, [], touchesWorkflows);
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  return (
    <section className="workflows">
      <header className="page-head">
        <h1>Workflows</h1>
        <a className="button" href="#/workflows/new" data-testid="new-workflow">
          New workflow
        </a>
      </header>
      {error ? <ErrorNote error={error} /> : null}
      {!data ? (
        <p className="loading">Loading workflows…</p>
      ) : data.workflows.length === 0 ? (
        <p data-testid="workflows-empty">No workflows yet. Build one with “New workflow”, or import a document on a workflow's Import tab.</p>
      ) : (
        <table data-testid="workflows">
          <thead>
            <tr>
              <th>name</th>
              <th>trigger</th>
              <th>state</th>
              <th>active version</th>
              <th>runs, last 24 h</th>
              <th>last error</th>
            </tr>
          </thead>
          <tbody>
            {data.workflows.map((w) => (
              <WorkflowRow key={w.name} workflow={w} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkflowRow({ workflow: w }: { workflow: WorkflowSummary }) {
  const state = workflowState(w);
  const lastError = w.runs?.lastError;
  return (
    <tr data-testid="workflow-row" data-workflow={w.name} data-state={state.kind}>
      <td>
        <a href={`#/workflows/${encodeURIComponent(w.name)}`}>{w.name}</a>
      </td>
      <td>
        <code>
          {w.trigger.connector} {w.trigger.event}
        </code>
      </td>
      <td>
        <span className={`badge state-${state.kind}`} data-field="state">
          {state.label}
        </span>
      </td>
      <td data-field="active-version">{w.activeVersion === null ? '—' : `v${w.activeVersion}`} <span className="muted">of {w.latestVersion}</span></td>
      <td data-field="runs">{runCountsText(w.runs?.last24h)}</td>
      <td data-field="last-error">
        {lastError ? (
          <>
            <code>{lastError.code}</code> {lastError.message}{' '}
            <a href={`#/events/${lastError.eventId}`} className="muted">
              {ago(lastError.at)}, v{lastError.version}
            </a>
          </>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}
