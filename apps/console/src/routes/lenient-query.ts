import { z } from 'zod';

/**
 * Query values of the routes that read them leniently (never a 400): written as zod schemas so the
 * OpenAPI document shows them, parsing exactly as the handlers always have.
 */

/** An integer clamped into [min, max]; missing, empty or not a number is the fallback. */
export const clampedInteger = ({ min, max, fallback }: { min: number; max: number; fallback: number }) =>
  z
    .unknown()
    .optional()
    .transform((value) => Math.min(max, Math.max(min, Number(value ?? fallback) || fallback)))
    .meta({ type: 'integer', minimum: min, maximum: max, description: `clamped into ${min}–${max}; missing or not a number: ${fallback}` });

/** A text value taken as given (the handler compares it). */
export const queryText = (description: string) =>
  z
    .custom<string>(() => true)
    .optional()
    .meta({ type: 'string', description });
