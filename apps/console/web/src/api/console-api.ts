import { readToken } from '../auth/token-store';

/** An answer other than 2xx, with the API's `{ error: { code, message } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole JSON answer, for refusals that say more than a message (HUB_WORKFLOW_INVALID's problems). */
    readonly body: unknown = undefined,
  ) {
    super(message);
  }
}

type UnauthorizedHandler = () => void;
let onUnauthorized: UnauthorizedHandler = () => undefined;

/** Called whenever the API answers 401 (no token, or a wrong one): the app asks for the token. */
export function setUnauthorizedHandler(handler: UnauthorizedHandler): void {
  onUnauthorized = handler;
}

export function authHeaders(): Record<string, string> {
  const token = readToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { ...authHeaders(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (res.status === 401) onUnauthorized();
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    throw new ApiError(res.status, err.error?.code ?? 'HUB_HTTP_ERROR', err.error?.message ?? `${method} ${path}: HTTP ${res.status}`, err);
  }
  return (await res.json()) as T;
}

export const getJson = <T>(path: string): Promise<T> => request<T>('GET', path);
export const postJson = <T>(path: string, body: unknown): Promise<T> => request<T>('POST', path, body);
