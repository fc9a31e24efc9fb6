import { useCallback, useState } from 'react';

interface History<T> {
  present: T;
  past: T[];
  future: T[];
  /** The key of the last recorded change: edits with the same key (typing in one field) are one undo step. */
  lastKey: string | undefined;
}

/** How a change is kept: not at all (selection, measuring, a drag in progress), as its own undo step, or merged with the last one of this key. */
export type Record_ = false | true | { key: string };

const LIMIT = 100;

/** A value with undo and redo. */
export function useHistory<T>(initial: T) {
  const [history, setHistory] = useState<History<T>>({ present: initial, past: [], future: [], lastKey: undefined });

  const set = useCallback((next: (present: T) => T, record: Record_ = true) => {
    setHistory((h) => {
      const present = next(h.present);
      if (present === h.present) return h;
      if (record === false) return { ...h, present };
      const key = record === true ? undefined : record.key;
      if (key !== undefined && key === h.lastKey) return { ...h, present, future: [] };
      return { present, past: [...h.past.slice(-LIMIT), h.present], future: [], lastKey: key };
    });
  }, []);

  const undo = useCallback(() => {
    setHistory((h) => {
      const previous = h.past.at(-1);
      if (previous === undefined) return h;
      return { present: previous, past: h.past.slice(0, -1), future: [h.present, ...h.future], lastKey: undefined };
    });
  }, []);

  const redo = useCallback(() => {
    setHistory((h) => {
      const [next, ...rest] = h.future;
      if (next === undefined) return h;
      return { present: next, past: [...h.past, h.present], future: rest, lastKey: undefined };
    });
  }, []);

  return { present: history.present, set, undo, redo, canUndo: history.past.length > 0, canRedo: history.future.length > 0 };
}
