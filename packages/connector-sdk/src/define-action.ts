import type { z } from 'zod';
import type { ActionDefinition } from './define-connector.js';

/** Declares an action with `run`'s input typed from its schema (inside a connector literal it would be `unknown`). */
export function defineAction<I extends z.ZodType>(definition: ActionDefinition<I>): ActionDefinition<I> {
  return definition;
}
