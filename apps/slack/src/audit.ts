import { randomUUID } from 'node:crypto';
import { EventTypes } from '@hub/core/event-store';
import type { SlackDeps } from './deps.js';

export interface RefusedAttempt {
  userId: string;
  /** What was attempted: replay, mute, workflow.save, workflow.rollback, … */
  action: string;
  /** The connector it concerned ('hub' when none). */
  connector?: string;
  /** The stream it concerned (an event or workflow id); a fresh one when none. */
  stream?: string;
  details?: Record<string, unknown>;
}

/** A refused operator action is an event too: who tried what, and why not. */
export async function auditRefusal(deps: Pick<SlackDeps, 'store'>, attempt: RefusedAttempt): Promise<void> {
  await deps.store.append([
    {
      stream: attempt.stream ?? randomUUID(),
      connector: attempt.connector ?? 'hub',
      type: EventTypes.slackActionRefused,
      actor: `slack:${attempt.userId}`,
      data: { action: attempt.action, why: 'not an operator', ...attempt.details },
    },
  ]);
}
