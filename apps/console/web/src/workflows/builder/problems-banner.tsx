import type { PlacedProblems } from './problems-by-node';

interface Props {
  problems: PlacedProblems | null;
  onShow: (node: string) => void;
}

/** What the last check or save said: the workflow's own problems, and which nodes have some (click to open one). */
export function ProblemsBanner({ problems, onShow }: Props) {
  if (!problems) return null;
  const nodes = Object.keys(problems.byNode);
  if (nodes.length === 0 && problems.general.length === 0) {
    return (
      <div className="wf-banner wf-banner-ok" data-testid="problems-banner" data-state="ok" role="status">
        No problems found.
      </div>
    );
  }
  return (
    <div className="wf-banner wf-banner-problems" data-testid="problems-banner" data-state="problems" role="alert">
      <strong>This workflow cannot be saved yet.</strong>
      {problems.general.length > 0 ? (
        <ul data-testid="workflow-problems">
          {problems.general.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {nodes.length > 0 ? (
        <p>
          Nodes with problems (red badge):{' '}
          {nodes.map((id) => (
            <button key={id} type="button" className="wf-linklike" onClick={() => onShow(id)}>
              {id}
            </button>
          ))}
        </p>
      ) : null}
    </div>
  );
}
