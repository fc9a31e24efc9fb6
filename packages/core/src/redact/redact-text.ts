import { REDACTED } from './secret-name.js';
import { redactUrl } from './redact-url.js';

// Cheap test first: most strings (ids, types, codes) contain none of these and are returned as they are.
const MAY_HOLD_SECRET = /:\/\/|Bearer |Basic |xox|xapp-|_live_|_test_|whsec_|hubtok_|gh[pousr]_|github_pat_|secret|token|passw|passphrase|api[-_]?key|authorization|signature|credential/i;
// A URL up to whitespace or a quote; trailing punctuation of the sentence is put back.
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`\\]+/gi;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
// Credentials of an Authorization header written out (an error message, a raw request head): a
// token-looking value (a digit, a capital or base64 punctuation), not a word of prose.
const AUTH_SCHEME = /\b(Bearer|Basic) +(?=[A-Za-z0-9._~+/-]{8,})(?=[a-z._~-]*[0-9A-Z+/])[A-Za-z0-9._~+/-]+=*/g;
// Token formats that say what they are: Slack, Stripe, Standard Webhooks / Svix, GitHub, the hub's own console tokens.
const TOKEN_SHAPES = /\b(?:xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=]+|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]+|hubtok_[A-Za-z0-9_-]{43})/g;
// `name=value`, `name: value`, `"name":"value"` where the name says secret (a form body, JSON or a log line in text).
const SECRET_PAIR =
  /(["']?)([A-Za-z0-9_.-]*(?:secret|token|password|passphrase|api[-_]?key|apikey|authorization|signature|credential)[A-Za-z0-9_.-]*)\1([ \t]*[:=][ \t]*)(?:"([^"]*)"|'([^']*)'|([^\s"'&;,}]+(?:,[^\s"'&;,}]+)*))/gi;

function maskPair(match: string, quote: string, name: string, separator: string, doubleQuoted?: string, singleQuoted?: string): string {
  // HUB_OAUTH_TOKEN_UNAVAILABLE: … is an error code, not a secret-named field.
  if (name === name.toUpperCase()) return match;
  const value = doubleQuoted !== undefined ? `"${REDACTED}"` : singleQuoted !== undefined ? `'${REDACTED}'` : REDACTED;
  return `${quote}${name}${quote}${separator}${value}`;
}

/**
 * Free text (an error message, a stack, a response body kept as text) with the secrets it may
 * carry masked: every URL as redactUrl masks it (userinfo, query values), Authorization
 * credentials written out, self-describing token formats, and secret-named `name=value` pairs.
 */
export function redactText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return text
    .replace(URL_IN_TEXT, (match) => {
      const tail = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
      const url = tail ? match.slice(0, -tail.length) : match;
      return `${redactUrl(url)}${tail}`;
    })
    .replace(AUTH_SCHEME, (_match, scheme: string) => `${scheme} ${REDACTED}`)
    .replace(TOKEN_SHAPES, REDACTED)
    .replace(SECRET_PAIR, maskPair);
}
