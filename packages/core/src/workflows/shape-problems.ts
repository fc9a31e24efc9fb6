import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/**
 * Zod issues as `path: message` lines. A condition that fits neither form (field + operator, or
 * expression) is reported against the form it is closer to, rather than as "Invalid input".
 */
export function shapeProblems(issues: readonly Issue[], prefix: PropertyKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) return shapeProblems(closestBranch(issue.errors), path);
    return [`${path.map(String).join('.') || '(definition)'}: ${issue.message}`];
  });
}

/** The branch whose issues name the fewest missing fields (then the fewest issues): the one the author meant. */
function closestBranch(branches: readonly (readonly Issue[])[]): readonly Issue[] {
  const missing = (branch: readonly Issue[]) => branch.filter((i) => i.code === 'invalid_type' && i.message.endsWith('received undefined')).length;
  return [...branches].sort((a, b) => missing(a) - missing(b) || a.length - b.length)[0] ?? [];
}
