/** Small text helpers shared by the messages. */
export const percent = (rate: number | null): string => (rate === null ? '–' : `${(rate * 100).toFixed(1)}%`);
export const millis = (value: number | null): string => (value === null ? '–' : `${value} ms`);
export const count = (value: number | null): string => (value === null ? '?' : String(value));

export function age(since: Date, now = new Date()): string {
  const ms = Math.max(0, now.getTime() - since.getTime());
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${Math.round(ms / 86_400_000)} d`;
}
