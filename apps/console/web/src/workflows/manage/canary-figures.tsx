import { ms, percent } from '../../overview/format';
import type { VersionFigures } from './workflow-types';

const ROWS = [
  ['runs', 'runs', (f: VersionFigures) => String(f.runs)],
  ['failed', 'failed', (f: VersionFigures) => String(f.failed)],
  ['failure-rate', 'failure rate', (f: VersionFigures) => (f.runs === 0 ? '—' : percent(f.failureRate))],
  ['p95', 'p95 latency', (f: VersionFigures) => ms(f.p95Ms)],
] as const;

const versionLabel = (f: VersionFigures | null) => (f?.version == null ? '' : `v${f.version}`);

/** Canary against stable, figure by figure, in two columns. */
export function CanaryFigures({ stable, candidate, testId = 'canary-figures' }: { stable: VersionFigures; candidate: VersionFigures | null; testId?: string }) {
  return (
    <table className="canary-figures" data-testid={testId}>
      <thead>
        <tr>
          <th />
          <th>stable {versionLabel(stable)}</th>
          <th>canary {versionLabel(candidate)}</th>
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
