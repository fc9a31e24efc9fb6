import { useState } from 'react';
import { getJson } from '../api/console-api';
import type { AccountFigures } from '../api/types';
import { useLiveData } from '../api/use-live-data';
import { ErrorNote } from '../error-note';
import { ms, percent } from '../overview/format';
import { accountHref } from './console-links';

const WINDOWS = ['1h', '24h'] as const;
type AccountWindow = (typeof WINDOWS)[number];

function accountsUrl(connector: string, window: AccountWindow, account: string | undefined): string {
  const query = new URLSearchParams({ window });
  if (account) query.set('account', account);
  return `/api/connectors/${encodeURIComponent(connector)}/accounts?${query.toString()}`;
}

function failures(f: AccountFigures['failures']): string {
  const parts: [string, number][] = [
    ['transient', f.transient],
    ['permanent', f.permanent],
    ['data format', f.dataFormat],
    ['dead-lettered', f.deadLettered],
    ['calls failed', f.callFailures],
  ];
  return parts.filter(([, n]) => n > 0).map(([label, n]) => `${n} ${label}`).join(', ') || 'none';
}

function headroom(limit: AccountFigures['rateLimit']): string {
  if (!limit) return '—';
  const blocked = limit.blockedForMs > 0 ? `, blocked for ${Math.ceil(limit.blockedForMs / 1000)} s` : '';
  return `${limit.remaining} / ${limit.points} left${blocked}`;
}

/**
 * Per account of a multi-account connector (a Shopify shop each): health, latency, failures by
 * class and rate-limit headroom, failing accounts first, then the busiest. On an account's page
 * (`account` set) the same table holds that account's row only.
 */
export function AccountsSection({ connector, account }: { connector: string; account?: string | undefined }) {
  const [window, setWindow] = useState<AccountWindow>('1h');
  const { data, error } = useLiveData(() => getJson<{ accounts: AccountFigures[] }>(accountsUrl(connector, window, account)), [connector, window, account], (c) => c.connectors.includes(connector));
  if (error && !data) return <ErrorNote error={error} />;
  if (!data) return null;
  // A connector whose webhooks carry no account has nothing to break down.
  if (!account && data.accounts.every((a) => a.account === null)) return null;
  return (
    <section className="accounts" aria-label="Accounts">
      <h2>
        {account ? 'This account' : 'Accounts'}{' '}
        <small>
          {WINDOWS.map((w) => (
            <button key={w} type="button" className="window-choice" aria-pressed={w === window} onClick={() => setWindow(w)}>
              {w === '1h' ? 'last hour' : 'last 24 h'}
            </button>
          ))}
        </small>
      </h2>
      {data.accounts.length === 0 ? (
        <p className="hint">No webhooks from this account in the {window === '1h' ? 'last hour' : 'last 24 hours'}.</p>
      ) : (
        <table className="account-table">
          <thead>
            <tr>
              <th>account</th>
              <th>success rate</th>
              <th>received</th>
              <th>latency p50 / p95</th>
              <th>failures</th>
              <th>rate limit</th>
            </tr>
          </thead>
          <tbody>
            {data.accounts.map((a) => (
              <tr key={a.account ?? ''} data-account={a.account ?? ''} className={a.failing ? 'status-red' : 'status-green'}>
                <th>
                  <span className="dot" aria-hidden="true" /> {a.account === null ? <em>no account</em> : account ? <code>{a.account}</code> : <a href={accountHref(connector, a.account)}>{a.account}</a>}
                </th>
                <td>{percent(a.successRate)}</td>
                <td>{a.received}</td>
                <td>
                  {ms(a.latencyMs.p50)} / {ms(a.latencyMs.p95)}
                </td>
                <td>{failures(a.failures)}</td>
                <td>{headroom(a.rateLimit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
