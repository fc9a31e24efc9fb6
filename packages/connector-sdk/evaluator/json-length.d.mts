/** A lower bound of the length of the values' JSON, counted only until it passes `budget`. */
export function jsonLengthAtLeast(values: readonly unknown[], budget: number): number;
