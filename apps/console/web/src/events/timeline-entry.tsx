import type { TimelineEntry as Entry } from '../api/types';
import { time } from '../overview/format';

interface HttpRecord {
  method?: string;
  url?: string;
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

function summary(entry: Entry): string {
  const d = entry.data;
  const parts: string[] = [];
  if (typeof d.route === 'string') parts.push(`route ${d.route}`);
  if (d.attempt !== undefined) parts.push(`attempt ${String(d.attempt)}`);
  if (typeof d.class === 'string') parts.push(d.class);
  if (typeof d.code === 'string') parts.push(d.code);
  if (typeof d.message === 'string') parts.push(d.message);
  if (typeof d.reason === 'string') parts.push(`reason: ${d.reason}`);
  if (typeof d.durationMs === 'number') parts.push(`${d.durationMs} ms`);
  return parts.join(' · ');
}

function HttpPanel({ label, record }: { label: string; record: HttpRecord }) {
  const head = label === 'request' ? `${record.method ?? ''} ${record.url ?? ''}` : `HTTP ${record.status ?? '?'}`;
  return (
    <div className={`http ${label}`} data-testid={label}>
      <h4>
        {label}: <code>{head}</code>
      </h4>
      {record.headers ? <pre className="headers">{Object.entries(record.headers).map(([k, v]) => `${k}: ${v}`).join('\n')}</pre> : null}
      {record.body !== undefined ? <pre>{typeof record.body === 'string' ? record.body : JSON.stringify(record.body, null, 2)}</pre> : null}
    </div>
  );
}

/** One event of a webhook's stream: what happened, when, by whom, and the HTTP exchange if any. */
export function TimelineEntry({ entry }: { entry: Entry }) {
  const { request, response, ...rest } = entry.data as { request?: HttpRecord; response?: HttpRecord } & Record<string, unknown>;
  const kind = entry.type.split('.')[1] ?? entry.type;
  return (
    <li className={`timeline-entry type-${entry.type.replace('.', '-')} kind-${kind}`} data-type={entry.type}>
      <div className="when">{time(entry.at)}</div>
      <div className="what">
        <strong>{entry.type}</strong> {entry.actor ? <span className="actor">by {entry.actor}</span> : null}
        <div className="summary">{summary(entry)}</div>
        {request ? <HttpPanel label="request" record={request} /> : null}
        {response ? <HttpPanel label="response" record={response} /> : null}
        <details>
          <summary>data</summary>
          <pre>{JSON.stringify(rest, null, 2)}</pre>
        </details>
      </div>
    </li>
  );
}
