import { sameValue } from './diff-workflows';
import type { CallMade, WouldCall } from './workflow-types';

export interface MatchedCalls {
  /** Per call the version would make: whether the event's history holds the same call. */
  would: boolean[];
  /** Per call the event's history holds: whether the version would make it too. */
  did: boolean[];
}

/**
 * Pairs the calls a version would make with those that happened, one to one: the same connector
 * and action, and the same input where the history recorded it (as the API's diff compares them,
 * less its parsing of a recorded input through the action's schema). An unpaired call is a difference.
 */
export function matchCalls(wouldCall: readonly WouldCall[], didCall: readonly CallMade[]): MatchedCalls {
  const did = didCall.map(() => false);
  const would = wouldCall.map((call) => {
    const at = didCall.findIndex((past, i) => !did[i] && past.connector === call.connector && past.action === call.action && (past.input === undefined || sameValue(past.input, call.input)));
    if (at < 0) return false;
    did[at] = true;
    return true;
  });
  return { would, did };
}
