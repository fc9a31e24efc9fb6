import type { ActionContext, HttpRequest, HttpResponse } from '../define-connector.js';

/**
 * `ctx.http` for the contract suite: sends as the hub's outbound client does (a string body as
 * is, anything else as JSON, no redirects followed) and returns every answer whatever its status,
 * with a JSON body parsed when the content-type says JSON.
 */
export function fetchHttpClient(): ActionContext['http'] {
  return {
    async request(req: HttpRequest): Promise<HttpResponse> {
      const response = await fetch(req.url, {
        method: req.method,
        headers: req.headers ?? {},
        redirect: 'manual',
        ...(req.body === undefined ? {} : { body: typeof req.body === 'string' ? req.body : JSON.stringify(req.body) }),
      });
      const headers = Object.fromEntries(response.headers.entries());
      const text = await response.text();
      let body: unknown = text;
      if ((headers['content-type'] ?? '').includes('json')) {
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text, as the hub records it
        }
      }
      return { status: response.status, headers, body };
    },
  };
}
