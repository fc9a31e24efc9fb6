import { useCallback, useEffect, useRef, useState } from 'react';
import { onChange } from './live-changes';
import type { EventChange } from './types';

// Bursts of inserts (a group commit, a replay of 1,000 events) become one reload per interval.
const COALESCE_MS = 250;

export interface LiveData<T> {
  data: T | undefined;
  error: Error | undefined;
  reload(): void;
}

/**
 * Loads with `load`, then loads again whenever /api/stream announces a change that `relevant`
 * accepts (a reconnect, `null`, always counts): pages stay current without a reload.
 */
export function useLiveData<T>(load: () => Promise<T>, deps: readonly unknown[], relevant: (change: EventChange) => boolean = () => true): LiveData<T> {
  const [loaded, setLoaded] = useState<{ deps: readonly unknown[]; value: T }>();
  const [error, setError] = useState<Error>();
  const loadRef = useRef(load);
  const relevantRef = useRef(relevant);
  const depsRef = useRef(deps);
  loadRef.current = load;
  relevantRef.current = relevant;
  depsRef.current = deps;
  const generation = useRef(0);

  const reload = useCallback(() => {
    const mine = ++generation.current;
    const loadedFor = depsRef.current;
    loadRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        setLoaded({ deps: loadedFor, value });
        setError(undefined);
      },
      (err: unknown) => {
        if (mine === generation.current) setError(err instanceof Error ? err : new Error(String(err)));
      },
    );
  }, []);

  useEffect(() => {
    reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onChange((change) => {
      if (change && !relevantRef.current(change)) return;
      timer ??= setTimeout(() => {
        timer = undefined;
        reload();
      }, COALESCE_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
      generation.current += 1;
    };
  }, deps);

  // Data loaded for other deps (the previous filter, the previous connector) is never shown:
  // the render right after a change already says "loading", not the old rows.
  const data = loaded && sameDeps(loaded.deps, deps) ? loaded.value : undefined;
  return { data, error, reload };
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}
