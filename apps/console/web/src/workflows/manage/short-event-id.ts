/**
 * An event id short enough for a table cell: its last 8 characters. Our ids are UUIDv7, whose
 * first characters are the time, so events received together share them and only the end tells them apart.
 */
export const shortEventId = (eventId: string): string => `…${eventId.slice(-8)}`;
