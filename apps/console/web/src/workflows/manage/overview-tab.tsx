import { WorkflowGraphView } from '../graph/workflow-graph-view';
import { ActionError } from './action-error';
import { documentText, type DocumentFormat } from './document-text';
import { downloadText } from './download-text';
import { disableWorkflow, enableWorkflow } from './workflow-api';
import type { WorkflowDetail } from './workflow-types';
import { useOperatorAction } from './use-operator-action';

const MIME: Record<DocumentFormat, string> = { json: 'application/json', yaml: 'application/yaml' };

/** The active version drawn read-only, with Edit, Disable/Enable and Export. */
export function OverviewTab({ workflow, onChanged }: { workflow: WorkflowDetail; onChanged(): void }) {
  const action = useOperatorAction(onChanged);
  // Without an active version (all saved with activate=false), the latest is what an operator would look at.
  const shown = workflow.versions.find((v) => v.version === (workflow.activeVersion ?? workflow.latestVersion));
  const exportAs = (format: DocumentFormat) => {
    if (shown) downloadText(`${workflow.name}-v${shown.version}.${format}`, documentText(shown.definition, format), MIME[format]);
  };

  return (
    <div data-testid="overview">
      <div className="actions">
        <a className="button" href={`#/workflows/${encodeURIComponent(workflow.name)}/edit`} data-testid="edit-workflow">
          Edit
        </a>
        {workflow.status === 'disabled' ? (
          <button type="button" disabled={action.busy} data-testid="enable-workflow" onClick={() => void action.run(() => enableWorkflow(workflow.name))}>
            Enable
          </button>
        ) : (
          <button type="button" disabled={action.busy} data-testid="disable-workflow" onClick={() => void action.run(() => disableWorkflow(workflow.name))}>
            Disable
          </button>
        )}
        <button type="button" disabled={!shown} data-testid="export-json" onClick={() => exportAs('json')}>
          Export JSON
        </button>
        <button type="button" disabled={!shown} data-testid="export-yaml" onClick={() => exportAs('yaml')}>
          Export YAML
        </button>
      </div>
      <ActionError error={action.error} />
      {shown ? (
        <>
          <p className="muted">
            {workflow.activeVersion === null ? `No version is active; this is the latest, v${shown.version}.` : `Active version v${shown.version}`}
            {shown.message ? ` — “${shown.message}”` : ''}
          </p>
          {shown.definition.description ? <p>{shown.definition.description}</p> : null}
          <WorkflowGraphView document={shown.definition} />
        </>
      ) : null}
    </div>
  );
}
