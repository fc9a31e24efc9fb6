/** A lower bound of the length of the values' JSON, counted only until it passes `budget`. */
export function jsonLengthAtLeast(values: readonly unknown[], budget: number): number;

/** How an evaluation failed, as an evaluator replies it. */
export function failureOf(err: unknown): { kind: 'timeout' | 'resource' | 'failed'; code: string | undefined; message: string; position: number | undefined };
