import type { FlowItem } from './graph-types';

/** The id of a node's plain source handle (an edge without a branch) and of every target handle. */
export const PLAIN_HANDLE = 'out';
export const TARGET_HANDLE = 'in';

/**
 * The ways out of a node, one handle each: a condition's `true`/`false`, a switch's cases and
 * `default`, a call's plain way and `failure`; the trigger and a transform have one plain way.
 * A handle's id is the branch its edges get (the plain handle: none).
 */
export function sourceHandles(item: FlowItem): string[] {
  if (item.kind === 'trigger') return [PLAIN_HANDLE];
  const { node } = item;
  switch (node.type) {
    case 'condition':
      return ['true', 'false'];
    case 'switch':
      return [...node.cases.map((c) => c.branch).filter((b) => b.length > 0), 'default'];
    case 'transform':
      return [PLAIN_HANDLE];
    default:
      return [PLAIN_HANDLE, 'failure'];
  }
}

export const branchOfHandle = (handle: string | null | undefined): string | undefined => (handle && handle !== PLAIN_HANDLE ? handle : undefined);
export const handleOfBranch = (branch: string | undefined): string => branch ?? PLAIN_HANDLE;
