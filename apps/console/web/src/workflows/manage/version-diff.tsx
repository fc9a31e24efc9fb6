import { useMemo } from 'react';
import { WorkflowGraphView } from '../graph/workflow-graph-view';
import { describeFieldChange } from './describe-field-change';
import { diffWorkflows } from './diff-workflows';
import type { WorkflowVersion } from './workflow-types';

/** Two versions side by side, nodes added / removed / changed highlighted, and the changed fields listed. */
export function VersionDiff({ older, newer }: { older: WorkflowVersion; newer: WorkflowVersion }) {
  const diff = useMemo(() => diffWorkflows(older.definition, newer.definition), [older, newer]);
  const same = diff.nodes.length === 0 && diff.document.length === 0;
  return (
    <div className="version-diff" data-testid="version-diff" data-from={older.version} data-to={newer.version}>
      <h2>
        v{older.version} → v{newer.version}
      </h2>
      <div className="diff-sides">
        <figure data-testid="diff-before">
          <figcaption>v{older.version}</figcaption>
          <WorkflowGraphView document={older.definition} highlight={diff.before} height="360px" />
        </figure>
        <figure data-testid="diff-after">
          <figcaption>v{newer.version}</figcaption>
          <WorkflowGraphView document={newer.definition} highlight={diff.after} height="360px" />
        </figure>
      </div>
      {same ? (
        <p data-testid="diff-same">The two versions do the same (only the layout may differ).</p>
      ) : (
        <ul className="diff-list" data-testid="diff-list">
          {diff.document.map((f) => (
            <li key={f.path}>{describeFieldChange(f)}</li>
          ))}
          {diff.nodes.map((n) => (
            <li key={n.id} data-testid="diff-node" data-node={n.id} data-change={n.change}>
              <span className={`badge diff-${n.change}`}>{n.change}</span> <strong>{n.id}</strong> <span className="muted">{n.type}</span>
              {n.fields.length > 0 ? (
                <ul>
                  {n.fields.map((f) => (
                    <li key={f.path} data-field={f.path}>
                      <code>{describeFieldChange(f)}</code>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
