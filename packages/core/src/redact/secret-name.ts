/** Header or field names whose values are secrets. One definition, used for events, API answers and logs. */
const SECRET_NAME = /authorization|cookie|api[-_]?key|access[-_]?key|token|secret|password|passphrase|signature|[-_]sign$|hmac/i;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}
