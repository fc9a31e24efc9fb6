import type { EventChange } from './types';

type Listener = (change: EventChange | null) => void;
const listeners = new Set<Listener>();

/** Every page's data hooks listen here; app.tsx feeds it from the one /api/stream connection. */
export function publishChange(change: EventChange | null): void {
  for (const listener of listeners) listener(change);
}

export function onChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
