export type DurationUnit = 'ms' | 's' | 'm' | 'h' | 'd';

export const DURATION_UNIT_MS: Readonly<Record<DurationUnit, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const ALL_UNITS: readonly DurationUnit[] = ['ms', 's', 'm', 'h', 'd'];

/**
 * A duration as operators and declarations write it — `500ms`, `30s`, `15m`, `2h`, `7d` (a whole
 * number and one unit, spaces allowed between) — in ms; undefined when it is not one, or its
 * unit is not among `units`. Callers say what a bad value means in their own words.
 */
export function parseDuration(text: string, units: readonly DurationUnit[] = ALL_UNITS): number | undefined {
  const match = /^(\d+)\s*(ms|s|m|h|d)$/.exec(text.trim());
  const unit = match?.[2] as DurationUnit | undefined;
  if (!match || !unit || !units.includes(unit)) return undefined;
  return Number(match[1]) * DURATION_UNIT_MS[unit];
}
