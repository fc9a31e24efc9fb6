import { useState } from 'react';
import { saveToken } from './token-store';

/** Asked for when the API answers 401: an API token (named, or the bootstrap HUB_CONSOLE_TOKEN), kept for this tab only. */
export function TokenForm({ onSaved, rejected }: { onSaved(): void; rejected: boolean }) {
  const [token, setToken] = useState('');
  return (
    <form
      className="token-form"
      onSubmit={(e) => {
        e.preventDefault();
        saveToken(token.trim());
        onSaved();
      }}
    >
      <h1>Console token</h1>
      <p>
        This hub needs an API token for every read and write: your own, from <code>hub tokens create &lt;name&gt; --role viewer|operator</code> (a viewer token reads, an operator token also replays and changes
        workflows), or the bootstrap HUB_CONSOLE_TOKEN. It stays in this tab's session storage.
      </p>
      {rejected ? <p className="error">That token was not accepted.</p> : null}
      <input type="password" name="token" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} aria-label="console token" autoFocus />
      <button type="submit" disabled={token.trim().length === 0}>
        Sign in
      </button>
    </form>
  );
}
