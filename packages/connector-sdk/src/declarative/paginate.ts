import type { ActionContext, HttpRequest, HttpResponse } from '../define-connector.js';
import type { PaginationDeclaration } from './action-declaration.js';

export type PageFailure = (detail: string) => Error;

function valueAt(body: unknown, dotted: string): unknown {
  if (dotted === '') return body;
  return dotted.split('.').reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined), body);
}

/** The target of `rel="next"` in an RFC 8288 Link header. */
export function nextLink(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?\s*(;|$)/i.test(match[2]!)) return match[1];
  }
  return undefined;
}

function withParam(request: HttpRequest, name: string, value: string): HttpRequest {
  const url = new URL(request.url);
  url.searchParams.set(name, value);
  return { ...request, url: url.toString() };
}

/**
 * Follows a listing page by page (at most `maxPages`), collecting the items at `itemsPath`.
 * Returns the last answer with the collected items as its body; a non-2xx answer is returned as is.
 * A next link to another origin is refused: the hub would send the connector's credentials there.
 */
export async function paginate(
  http: ActionContext['http'],
  first: HttpRequest,
  pagination: PaginationDeclaration,
  fail: PageFailure,
  /** Runs on each 2xx page before its items are read (the action's failWhen rule); throws to stop. */
  checkPage?: (page: HttpResponse) => Promise<void>,
): Promise<HttpResponse> {
  const origin = new URL(first.url).origin;
  const items: unknown[] = [];
  let request = pagination.type === 'page' ? withParam(first, pagination.param, String(pagination.startPage)) : first;
  let last: HttpResponse | undefined;
  for (let page = 0; page < pagination.maxPages; page++) {
    last = await http.request(request);
    if (last.status < 200 || last.status > 299) return last;
    await checkPage?.(last);
    const pageItems = valueAt(last.body, pagination.itemsPath);
    if (!Array.isArray(pageItems)) throw fail(`page ${page + 1} has no item array at "${pagination.itemsPath}"`);
    items.push(...pageItems);

    let next: HttpRequest | undefined;
    if (pagination.type === 'cursor') {
      const cursor = valueAt(last.body, pagination.cursorPath);
      if ((typeof cursor === 'string' && cursor !== '') || typeof cursor === 'number') next = withParam(request, pagination.param, String(cursor));
    } else if (pagination.type === 'link') {
      const target = nextLink(last.headers.link ?? last.headers.Link);
      if (target !== undefined) {
        const url = new URL(target, request.url);
        if (url.origin !== origin) throw fail(`refusing to follow a next link to another origin (${url.origin})`);
        next = { ...request, url: url.toString() };
      }
    } else if (pageItems.length > 0) {
      next = withParam(request, pagination.param, String(pagination.startPage + page + 1));
    }
    if (next === undefined) break;
    request = next;
  }
  return { status: last!.status, headers: last!.headers, body: items };
}
