import type { z } from 'zod';
import type { DeclarationIssue } from '../errors.js';
import type { DeclarationSource } from './declaration-source.js';
import type { FieldPath } from './field-path.js';

interface Located {
  path: FieldPath;
  message: string;
}

/** An option that failed only because the value is of another type entirely says nothing useful. */
function isWrongTypeOnly(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.length === 1 && issues[0]!.code === 'invalid_type' && issues[0]!.path.length === 0;
}

const depth = (issues: readonly z.core.$ZodIssue[]) => Math.max(0, ...issues.map((issue) => issue.path.length));

/**
 * The union option the author most likely meant: the one that got furthest into the value
 * (`{ type: hmac, algorithm: md5 }` reached `algorithm`), else the one not refused for its type
 * (`scheme: strip` is a string, so the string enum's complaint is the useful one).
 */
function intendedOption(options: ReadonlyArray<readonly z.core.$ZodIssue[]>): readonly z.core.$ZodIssue[] | undefined {
  const deepest = Math.max(...options.map(depth));
  const furthest = options.filter((option) => depth(option) === deepest);
  if (deepest > 0 && furthest.length === 1) return furthest[0];
  const typed = options.filter((option) => !isWrongTypeOnly(option));
  return typed.length === 1 ? typed[0] : undefined;
}

function isMissing(root: unknown, path: FieldPath): boolean {
  let parent = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof parent !== 'object' || parent === null) return false;
    parent = (parent as Record<PropertyKey, unknown>)[segment];
  }
  return typeof parent === 'object' && parent !== null && !Array.isArray(parent) && path.length > 0 && !Object.hasOwn(parent, path.at(-1)!);
}

function explain(issue: z.core.$ZodIssue, base: FieldPath, root: unknown): Located[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    // Reported at the misspelt key itself, not at the object holding it.
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key "${key}"` }));
  }
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    const option = intendedOption(issue.errors);
    if (option !== undefined) return option.flatMap((inner) => explain(inner, path, root));
  }
  if (isMissing(root, path)) {
    const expected = issue.message.replace(/^Invalid (input|option): /, '').replace(/, received undefined$/, '');
    return [{ path, message: `required field is missing (${expected})` }];
  }
  return [{ path, message: issue.message }];
}

/** zod's issues about the declaration `root`, each at the file:line:col of its field. */
export function declarationIssues(source: DeclarationSource, error: z.ZodError, root: unknown): DeclarationIssue[] {
  return error.issues.flatMap((issue) => explain(issue, [], root)).map(({ path, message }) => source.issue(path, message));
}

/** zod's issues about a referenced value (a fixture), as one line. */
export function summariseIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  return parts.join('; ') + (error.issues.length > limit ? `; and ${error.issues.length - limit} more` : '');
}
