import './manage.css';
import { ApiError } from '../../api/console-api';
import { useLiveData } from '../../api/use-live-data';
import { ErrorNote } from '../../error-note';
import { CanaryTab } from './canary-tab';
import { ImportTab } from './import-tab';
import { OverviewTab } from './overview-tab';
import { ReplayTab } from './replay-tab';
import { RunsTab } from './runs-tab';
import { VersionsTab } from './versions-tab';
import { getWorkflow, touchesWorkflows } from './workflow-api';
import { workflowState } from './workflow-state';

const TABS = ['overview', 'versions', 'canary', 'runs', 'replay', 'import'] as const;
export type DetailTab = (typeof TABS)[number];

const isTab = (value: string | null): value is DetailTab => (TABS as readonly (string | null)[]).includes(value);

/** #/workflows/:name?tab=…: one workflow's active version, history and diff, canary, runs, replay and import. */
export function WorkflowDetailPage({ name, tab: requested }: { name: string; tab: string | null }) {
  const tab: DetailTab = isTab(requested) ? requested : 'overview';
  const { data, error, reload } = useLiveData(() => getWorkflow(name), [name], touchesWorkflows);

  if (error instanceof ApiError && error.status === 404) return <p data-testid="workflow-missing">No workflow named “{name}”. <a href="#/workflows">All workflows</a></p>;
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">Loading {name}…</p>;
  const workflow = data.workflow;
  const state = workflowState(workflow);

  return (
    <section className="workflow-detail" data-testid="workflow-detail" data-workflow={name}>
      <header className="page-head">
        <h1>
          <a href="#/workflows">Workflows</a> / {name}
        </h1>
        <span className={`badge state-${state.kind}`} data-testid="workflow-state" data-state={state.kind}>
          {state.label}
        </span>
        <span className="muted" data-testid="workflow-active-version" data-version={workflow.activeVersion ?? ''}>
          {workflow.activeVersion === null ? 'no active version' : `v${workflow.activeVersion} active`} · latest v{workflow.latestVersion} ·{' '}
          <code>
            {workflow.trigger.connector} {workflow.trigger.event}
          </code>
        </span>
      </header>
      <nav className="tabs" role="tablist">
        {TABS.map((t) => (
          <a key={t} role="tab" aria-selected={t === tab} href={`#/workflows/${encodeURIComponent(name)}?tab=${t}`} className={t === tab ? 'active' : ''} data-testid={`tab-${t}`}>
            {t[0]!.toUpperCase() + t.slice(1)}
          </a>
        ))}
      </nav>
      {error ? <ErrorNote error={error} /> : null}
      {tab === 'overview' ? <OverviewTab workflow={workflow} onChanged={reload} /> : null}
      {tab === 'versions' ? <VersionsTab workflow={workflow} onChanged={reload} /> : null}
      {tab === 'canary' ? <CanaryTab workflow={workflow} onChanged={reload} /> : null}
      {tab === 'runs' ? <RunsTab name={name} /> : null}
      {tab === 'replay' ? <ReplayTab workflow={workflow} /> : null}
      {tab === 'import' ? <ImportTab name={name} onSaved={reload} /> : null}
    </section>
  );
}
