import { useEffect } from 'react';
import { useLiveData } from '../../api/use-live-data';
import { ErrorNote } from '../../error-note';
import { ago } from '../../overview/format';
import { CanaryFigures } from './canary-figures';
import { CanaryForm } from './canary-form';
import { guardText } from './canary-guard';
import { CanaryRollbackBanner } from './canary-rollback-banner';
import { notServed } from './not-served';
import { getCanary, touchesWorkflows } from './workflow-api';
import type { CanaryReport, WorkflowDetail } from './workflow-types';

// Figures move with every run; the stream announces operations, a poll keeps the counts live.
const REFRESH_MS = 3_000;

/** Start, tune, promote or stop a canary; its figures against stable, live; the last automatic rollback. */
export function CanaryTab({ workflow, onChanged }: { workflow: WorkflowDetail; onChanged(): void }) {
  const { data: report, error, reload } = useLiveData(() => getCanary(workflow.name), [workflow.name], touchesWorkflows);
  useEffect(() => {
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  const changed = () => {
    onChanged();
    reload();
  };
  const canary = workflow.canary;

  return (
    <div data-testid="canary">
      {report && lastRollbackToShow(report) ? <CanaryRollbackBanner rollback={report.rolledBack!} /> : null}
      {canary ? (
        <p data-testid="canary-running" data-version={canary.version} data-percent={canary.percent}>
          Canary <strong>v{canary.version}</strong> gets <strong>{canary.percent} %</strong> of the events, started {ago(canary.startedAt)}; it {guardText(canary.guard)}.
        </p>
      ) : (
        <p data-testid="canary-none">No canary: every event runs the active version{workflow.activeVersion === null ? ' (none is active yet)' : ` v${workflow.activeVersion}`}.</p>
      )}
      <CanaryForm key={canary ? `${canary.version}:${canary.percent}:${JSON.stringify(canary.guard)}` : 'none'} workflow={workflow} onChanged={changed} />
      {notServed(error) ? (
        <p className="muted" data-testid="canary-figures-unavailable">
          This hub does not report canary figures (no GET /api/workflows/:name/canary).
        </p>
      ) : error && !report ? (
        <ErrorNote error={error} />
      ) : report ? (
        <>
          <h2>Canary against stable</h2>
          <CanaryFigures stable={report.stable} candidate={report.candidate} />
        </>
      ) : null}
    </div>
  );
}

/** The banner stays until another canary starts after that rollback. */
function lastRollbackToShow(report: CanaryReport): boolean {
  if (!report.rolledBack) return false;
  return !report.canary || Date.parse(report.canary.startedAt) < Date.parse(report.rolledBack.at);
}
