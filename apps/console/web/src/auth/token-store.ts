// The console token lives in sessionStorage: gone when the tab closes, never in a URL or a cookie.
const KEY = 'hub-console-token';

export function readToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
