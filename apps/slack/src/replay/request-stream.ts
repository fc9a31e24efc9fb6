import { createHash } from 'node:crypto';

/**
 * The event-store stream of one Slack request (a slash command's trigger_id, a button's
 * action_ts): a name-based UUID, so a retried delivery of the same request finds the audit
 * event of the first one with an index lookup (events_stream) instead of a scan.
 */
export function requestStream(kind: string, requestId: string): string {
  const hash = createHash('sha1').update(`hub-slack:${kind}:${requestId}`).digest();
  // RFC 9562 layout of a name-based (SHA-1) UUID: version 5, variant 10xx.
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
