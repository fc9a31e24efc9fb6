import { ago, time } from '../../overview/format';
import { CanaryFigures } from './canary-figures';
import { guardText } from './canary-guard';
import type { CanaryRollback } from './workflow-types';

const REASONS: Record<CanaryRollback['reason'], string> = { failure_rate: 'it failed more often than the stable version', latency_p95: 'its p95 latency regressed' };

/** The last automatic rollback of a canary: which version, why, and the figures that decided it. */
export function CanaryRollbackBanner({ rollback }: { rollback: CanaryRollback }) {
  const { candidate, stable, guard } = rollback.figures;
  return (
    <div className="banner banner-danger" role="status" data-testid="canary-rolled-back" data-version={rollback.version} data-reason={rollback.reason}>
      <strong>
        The canary v{rollback.version} was rolled back automatically {ago(rollback.at)}: {REASONS[rollback.reason] ?? rollback.reason}.
      </strong>{' '}
      <span className="muted">({time(rollback.at)})</span>
      <p data-testid="rollback-reason">{rollback.message}</p>
      <CanaryFigures stable={stable} candidate={candidate} testId="rollback-figures" />
      {guard ? <p className="muted">The guard {guardText(guard)}.</p> : null}
    </div>
  );
}
