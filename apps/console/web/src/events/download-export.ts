import { ApiError, authHeaders } from '../api/console-api';

/** The file name the console chose (Content-Disposition), or a fallback. */
function fileNameOf(res: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

/**
 * Downloads GET /api/events/export with the token in a header (a plain link could not carry it,
 * and a token never goes into a URL), then offers the file as "Save as" would.
 */
export async function downloadExport(query: string, format: 'csv' | 'ndjson'): Promise<void> {
  const res = await fetch(`/api/events/export?${query}${query ? '&' : ''}format=${format}`, { headers: authHeaders() });
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiError(res.status, err.error?.code ?? 'HUB_HTTP_ERROR', err.error?.message ?? `export: HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(res, `events.${format}`);
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; the URL is only needed for the click.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
