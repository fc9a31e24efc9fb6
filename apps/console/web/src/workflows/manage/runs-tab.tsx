import { useLiveData } from '../../api/use-live-data';
import { ErrorNote } from '../../error-note';
import { ago, time } from '../../overview/format';
import { notServed } from './not-served';
import { getRuns, touchesWorkflows } from './workflow-api';
import { durationText } from './duration-text';
import { shortEventId } from './short-event-id';

/** The workflow's recent runs, newest first, each linking to its event's timeline. */
export function RunsTab({ name }: { name: string }) {
  const { data, error } = useLiveData(() => getRuns(name), [name], touchesWorkflows);
  if (notServed(error)) return <p className="muted" data-testid="runs-unavailable">This hub does not list workflow runs (no GET /api/workflows/:name/runs).</p>;
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return <p className="loading">Loading runs…</p>;
  if (data.runs.length === 0) return <p data-testid="runs-empty">No runs yet.</p>;
  return (
    <table data-testid="runs">
      <thead>
        <tr>
          <th>started</th>
          <th>version</th>
          <th>outcome</th>
          <th>duration</th>
          <th>path</th>
          <th>error</th>
          <th>event</th>
        </tr>
      </thead>
      <tbody>
        {data.runs.map((r) => (
          <tr key={`${r.eventId}:${r.version}:${r.startedAt}`} data-testid="run-row" data-event-id={r.eventId} data-status={r.status}>
            <td title={time(r.startedAt)}>{ago(r.startedAt)}</td>
            <td>
              v{r.version} {r.canary ? <span className="badge state-canary">canary</span> : null}
            </td>
            <td>
              <span className={`badge run-${r.status}`}>{r.status}</span>
              {r.attempts > 1 ? <span className="muted"> after {r.attempts} attempts</span> : null}
            </td>
            <td>{durationText(r.durationMs)}</td>
            <td>
              <code>{r.path.join(' → ') || '—'}</code>
            </td>
            <td>{r.error ? <><code>{r.error.code}</code> {r.error.message}</> : '—'}</td>
            <td>
              <a href={`#/events/${r.eventId}`}>
                <code>{shortEventId(r.eventId)}</code>
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
