import { useState } from 'react';
import { time } from '../../overview/format';
import { ActionError } from './action-error';
import { ConfirmButton } from './confirm-button';
import { VersionDiff } from './version-diff';
import { rollBack } from './workflow-api';
import type { WorkflowDetail } from './workflow-types';
import { useOperatorAction } from './use-operator-action';

/** Version history newest first; two ticked versions are compared below; any version can be made the active one. */
export function VersionsTab({ workflow, onChanged }: { workflow: WorkflowDetail; onChanged(): void }) {
  const action = useOperatorAction(onChanged);
  // The two newest are compared until the operator ticks others: "what did the last save change".
  const [picked, setPicked] = useState<number[]>(() => workflow.versions.slice(0, 2).map((v) => v.version));
  const toggle = (version: number) =>
    setPicked((current) => (current.includes(version) ? current.filter((v) => v !== version) : [...current, version].slice(-2)));
  const [older, newer] = [...picked].sort((a, b) => a - b).map((n) => workflow.versions.find((v) => v.version === n));

  return (
    <div data-testid="versions">
      <ActionError error={action.error} />
      <table data-testid="version-list">
        <thead>
          <tr>
            <th>compare</th>
            <th>version</th>
            <th>saved by</th>
            <th>when</th>
            <th>message</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {workflow.versions.map((v) => (
            <tr key={v.version} data-testid="version-row" data-version={v.version}>
              <td>
                <input type="checkbox" aria-label={`compare v${v.version}`} data-testid={`compare-${v.version}`} checked={picked.includes(v.version)} onChange={() => toggle(v.version)} />
              </td>
              <td>
                v{v.version}{' '}
                {v.version === workflow.activeVersion ? <span className="badge state-active">active</span> : null}
                {v.version === workflow.canary?.version ? <span className="badge state-canary">canary {workflow.canary.percent} %</span> : null}
              </td>
              <td>{v.createdBy}</td>
              <td>{time(v.createdAt)}</td>
              <td>{v.message ?? <span className="muted">—</span>}</td>
              <td>
                {v.version === workflow.activeVersion ? null : (
                  <ConfirmButton
                    label="Roll back to this version"
                    question={`Make v${v.version} the active version${workflow.canary ? ' (this stops the canary)' : ''}?`}
                    disabled={action.busy}
                    testId={`rollback-${v.version}`}
                    onConfirm={() => void action.run(() => rollBack(workflow.name, v.version))}
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {older && newer ? <VersionDiff older={older} newer={newer} /> : <p className="muted">Tick two versions to compare them.</p>}
    </div>
  );
}
