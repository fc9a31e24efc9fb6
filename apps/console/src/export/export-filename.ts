/**
 * A Content-Disposition filename that needs no quoting or encoding: `events-stripe-20250108T101207Z.csv`.
 * The connector comes from the request, so anything but letters, digits and dashes is dropped.
 */
export function exportFilename(connector: string | undefined, format: 'csv' | 'ndjson', now: Date): string {
  const scope = (connector ?? 'all').replace(/[^A-Za-z0-9-]/g, '').slice(0, 40) || 'all';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `events-${scope}-${stamp}.${format}`;
}
