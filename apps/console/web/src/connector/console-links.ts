// Hash links built from parts that come from payloads (event types, account names): every part is
// encoded, so a name holding `/`, `?`, `#` or `&` stays one value.
const segment = encodeURIComponent;

export const connectorHref = (connector: string): string => `#/connectors/${segment(connector)}`;
export const accountHref = (connector: string, account: string): string => `${connectorHref(connector)}/accounts/${segment(account)}`;
export const eventHref = (eventId: string): string => `#/events/${segment(eventId)}`;

/** The events explorer filtered (connector, provider event type, status, from). */
export function eventsHref(filters: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
  return `#/events?${query.toString()}`;
}
