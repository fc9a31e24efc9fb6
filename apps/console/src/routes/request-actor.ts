/**
 * The audit actor of a console write: `api:<x-hub-actor>` (the token holder names who they are;
 * `api:token` when they do not). The header is cut to a safe alphabet and length before it is stored.
 */
export function requestActor(header: unknown): string {
  return `api:${String(header ?? 'token').replace(/[^\w.@:-]/g, '').slice(0, 64) || 'token'}`;
}
