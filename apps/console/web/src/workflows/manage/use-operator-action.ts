import { useCallback, useState } from 'react';

export interface OperatorAction {
  /** Runs the call; its refusal is kept in `error` (shown, never swallowed). Resolves to the answer, or undefined when refused. */
  run<T>(call: () => Promise<T>): Promise<T | undefined>;
  busy: boolean;
  error: Error | undefined;
  clear(): void;
}

/** One button's (or form's) call to an operator route: busy while it runs, the API's refusal kept to show. */
export function useOperatorAction(onDone?: () => void): OperatorAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const run = useCallback(
    async <T,>(call: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      setError(undefined);
      try {
        const answer = await call();
        onDone?.();
        return answer;
      } catch (err) {
        setError(err instanceof Error ? err : new Error(String(err)));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [onDone],
  );
  return { run, busy, error, clear: useCallback(() => setError(undefined), []) };
}
