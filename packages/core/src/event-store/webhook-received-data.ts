/** `data` of a webhook.received event, as the ingress writes it. */
export interface WebhookReceivedData {
  /** Provider event type in the provider's spelling; `unknown` when it could not be read. */
  eventType: string;
  /** Request headers minus signatures and other secrets. */
  headers: Record<string, string>;
  /** The parsed JSON body, embedded verbatim. Absent when the body is not JSON. */
  payload?: unknown;
  /** Set instead of `payload` when the body is not JSON: the worker quarantines it with this reason. */
  bodyText?: string;
  bodyError?: string;
}

/** Serialises the data with the raw JSON body embedded as is (no parse/stringify round trip). */
export function serialiseReceivedData(eventType: string, headers: Record<string, string>, rawJson: string | undefined, bodyText?: string, bodyError?: string): string {
  const head = `{"eventType":${JSON.stringify(eventType)},"headers":${JSON.stringify(headers)}`;
  if (rawJson !== undefined) return `${head},"payload":${rawJson}}`;
  // jsonb cannot hold U+0000: a NUL character is kept as the visible text "\u0000".
  const storable = (bodyText ?? '').replaceAll('\u0000', '\\u0000');
  return `${head},"bodyText":${JSON.stringify(storable)},"bodyError":${JSON.stringify(bodyError ?? 'not JSON')}}`;
}
