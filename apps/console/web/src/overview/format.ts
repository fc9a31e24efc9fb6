export const percent = (rate: number | null | undefined): string => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(rate >= 0.999 || rate === 0 ? 0 : 1)} %`);
export const ms = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : `${v} ms`);

export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

export const time = (iso: string): string => new Date(iso).toLocaleString(undefined, { hour12: false });
