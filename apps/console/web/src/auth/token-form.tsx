import { useState } from 'react';
import { saveToken } from './token-store';

/** Asked for when the API answers 401: the console token (HUB_CONSOLE_TOKEN), kept for this tab only. */
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
      <p>This hub needs its console token (HUB_CONSOLE_TOKEN) for every read and write. It stays in this tab's session storage.</p>
      {rejected ? <p className="error">That token was not accepted.</p> : null}
      <input type="password" name="token" autoComplete="current-password" value={token} onChange={(e) => setToken(e.target.value)} aria-label="console token" autoFocus />
      <button type="submit" disabled={token.trim().length === 0}>
        Sign in
      </button>
    </form>
  );
}
