import { ago, time } from '../../overview/format';
import { RecordedFigures } from './canary-figures';
import type { CanaryRollback } from './workflow-types';

/** The last automatic rollback of a canary: which version, why, and the figures that decided it. */
export function CanaryRollbackBanner({ rollback }: { rollback: CanaryRollback }) {
  return (
    <div className="banner banner-danger" role="status" data-testid="canary-rolled-back" data-version={rollback.version}>
      <strong>
        The canary v{rollback.version} was rolled back automatically {ago(rollback.at)}
      </strong>{' '}
      <span className="muted">({time(rollback.at)})</span>
      <p data-testid="rollback-reason">{rollback.reason}</p>
      <RecordedFigures figures={rollback.figures} />
    </div>
  );
}
