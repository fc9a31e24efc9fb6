import { isSecretName, REDACTED } from './secret-name.js';

/**
 * Query parameters whose values say how a list is paged, sorted or filtered: shown as they are.
 * Every other value is masked, whatever its name (`?key=`, `?sig=`, `?code=` carry secrets as often
 * as `?token=` does).
 */
const HARMLESS_QUERY_PARAMS = new Set([
  'page', 'per_page', 'page_size', 'pagesize', 'limit', 'offset', 'start', 'count', 'cursor', 'after', 'before',
  'since', 'until', 'starting_after', 'ending_before', 'sort', 'sort_by', 'order', 'order_by', 'direction',
  'expand', 'include', 'fields', 'status', 'state', 'type', 'format', 'locale', 'lang', 'api-version', 'version',
]);

/**
 * The URL with its userinfo (user and password) masked and every query value masked but those of
 * harmless names; a harmless name whose value differs from `original`'s (a credential an
 * authorizer added under such a name) is masked too. A string that is not a URL is returned as it is.
 */
export function redactUrl(url: string, original = url): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  let changed = false;
  if (parsed.username || parsed.password) {
    parsed.username = parsed.username ? REDACTED : '';
    parsed.password = parsed.password ? REDACTED : '';
    changed = true;
  }
  const before = original === url ? parsed.searchParams : new URL(original, parsed).searchParams;
  const masked = [...parsed.searchParams].map(([name, value]): [string, string] => {
    const shown = HARMLESS_QUERY_PARAMS.has(name.toLowerCase()) && !isSecretName(name) && before.getAll(name).includes(value);
    if (!shown) changed = true;
    return [name, shown ? value : REDACTED];
  });
  if (!changed) return url;
  parsed.search = new URLSearchParams(masked).toString();
  return parsed.toString();
}
