import { ms, percent } from '../../overview/format';
import type { VersionFigures } from './workflow-types';

const ROWS = [
  ['runs', 'runs', (f: VersionFigures) => String(f.runs)],
  ['failed', 'failed', (f: VersionFigures) => String(f.failed)],
  ['failure-rate', 'failure rate', (f: VersionFigures) => percent(f.failureRate)],
  ['p95', 'p95 latency', (f: VersionFigures) => ms(f.p95Ms)],
] as const;

/** Canary against stable, figure by figure, in two columns. */
export function CanaryFigures({ stable, candidate, testId = 'canary-figures' }: { stable: VersionFigures; candidate: VersionFigures | null; testId?: string }) {
  return (
    <table className="canary-figures" data-testid={testId}>
      <thead>
        <tr>
          <th />
          <th>stable v{stable.version}</th>
          <th>canary {candidate ? `v${candidate.version}` : ''}</th>
        </tr>
      </thead>
      <tbody>
        {ROWS.map(([key, label, show]) => (
          <tr key={key}>
            <th>{label}</th>
            <td data-side="stable" data-field={key}>
              {show(stable)}
            </td>
            <td data-side="canary" data-field={key}>
              {candidate ? show(candidate) : '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const isFigures = (v: unknown): v is VersionFigures => typeof v === 'object' && v !== null && typeof (v as VersionFigures).runs === 'number' && typeof (v as VersionFigures).version === 'number';

/** A rollback's figures as the worker recorded them: stable/candidate figures when they have that shape, else as JSON. */
export function RecordedFigures({ figures }: { figures: unknown }) {
  const { stable, candidate } = (typeof figures === 'object' && figures !== null ? figures : {}) as { stable?: unknown; candidate?: unknown };
  if (isFigures(stable) && isFigures(candidate)) return <CanaryFigures stable={stable} candidate={candidate} testId="rollback-figures" />;
  return <pre data-testid="rollback-figures">{JSON.stringify(figures, null, 2)}</pre>;
}
