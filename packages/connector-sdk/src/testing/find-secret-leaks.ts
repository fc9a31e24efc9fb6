import { randomUUID } from 'node:crypto';
import { AuthCredentialFields, AuthDeclaration } from '../auth/auth-declaration.js';
import type { Connector } from '../define-connector.js';

/** One thing logged: child bindings, the log object and the message, as in `log.child(bindings).info(record, message)`. */
export interface LogProbe {
  bindings: Record<string, unknown>;
  record: Record<string, unknown>;
  message: string;
}

/** Logs every probe through the logger under test and returns everything it wrote. */
export type WriteLogs = (probes: readonly LogProbe[]) => string | Promise<string>;

export interface SecretLeak {
  /** The credential field or header that carried the secret. */
  field: string;
  /** Where it was put: `record`, `record.credentials`, `bindings`, `record.request.headers`, … */
  position: string;
}

// Credential fields that name an account rather than prove it.
const PUBLIC_FIELDS = new Set(['username', 'clientId', 'keyId']);
// What any connector may hold whatever its declared auth (the hub keeps oauth2 tokens itself).
const ALWAYS_SECRET = ['apiKey', 'token', 'clientSecret', 'password', 'secret', 'accessToken', 'refreshToken'];

/** The credential fields of the connector's auth method that are secrets, plus the common ones. */
export function secretFieldsOf(connector: Connector): string[] {
  const auth = connector.auth === undefined ? undefined : AuthDeclaration.parse(connector.auth);
  const declared = auth === undefined ? [] : AuthCredentialFields[auth.type].filter((f) => !PUBLIC_FIELDS.has(f));
  return [...new Set([...declared, ...ALWAYS_SECRET])];
}

/** The header (or query parameter) that carries the secret on the wire, from the auth declaration. */
function wireCarrier(connector: Connector): { in: 'headers' | 'query'; name: string } | undefined {
  if (connector.auth === undefined) return undefined;
  const auth = AuthDeclaration.parse(connector.auth);
  switch (auth.type) {
    case 'apiKey':
      return { in: auth.in === 'header' ? 'headers' : 'query', name: auth.in === 'header' ? auth.name.toLowerCase() : auth.name };
    case 'hmac':
      return { in: 'headers', name: auth.header.toLowerCase() };
    case 'none':
      return undefined;
    default:
      return { in: 'headers', name: 'authorization' };
  }
}

/**
 * Logs a distinct secret-like value in every place a credential can reach a log line (top level,
 * nested credentials, child bindings, the request headers or query that carry the connector's
 * auth) through `writeLogs`, and returns each one that appears in the output. The hub's logger
 * must leave this empty for every connector.
 */
export async function findSecretLeaks(connector: Connector, writeLogs: WriteLogs): Promise<SecretLeak[]> {
  const planted: { value: string; leak: SecretLeak; probe: LogProbe }[] = [];
  const plant = (field: string, position: string, build: (value: string) => Omit<LogProbe, 'message'>) => {
    const value = `leak-${randomUUID()}`;
    planted.push({ value, leak: { field, position }, probe: { ...build(value), message: `calling ${connector.id}` } });
  };
  for (const field of secretFieldsOf(connector)) {
    plant(field, 'record', (v) => ({ bindings: {}, record: { connector: connector.id, [field]: v } }));
    plant(field, 'record.credentials', (v) => ({ bindings: {}, record: { credentials: { [field]: v } } }));
    plant(field, 'record.account.auth.credentials', (v) => ({ bindings: {}, record: { account: { auth: { credentials: { [field]: v } } } } }));
    plant(field, 'bindings', (v) => ({ bindings: { connector: connector.id, [field]: v }, record: {} }));
    plant(field, 'bindings.credentials', (v) => ({ bindings: { credentials: { [field]: v } }, record: {} }));
  }
  const carrier = wireCarrier(connector);
  if (carrier !== undefined) {
    plant(carrier.name, `record.request.${carrier.in}`, (v) => ({ bindings: {}, record: { request: { method: 'POST', [carrier.in]: { [carrier.name]: v } } } }));
  }
  const output = await writeLogs(planted.map((p) => p.probe));
  return planted.filter((p) => output.includes(p.value)).map((p) => p.leak);
}
