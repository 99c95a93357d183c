import { useCallback, useEffect, useState } from 'react';

interface LoaderState<T> {
  source?: () => Promise<T>;
  round: number;
  data?: T;
  error?: unknown;
}

/**
 * Runs `load` whenever it changes (memoise it with useCallback) and on `reload()`.
 * The previous data stays visible while a new answer is on its way; a late answer for an
 * outdated `load` is dropped.
 */
export function useLoader<T>(load: () => Promise<T>) {
  const [round, setRound] = useState(0);
  const [state, setState] = useState<LoaderState<T>>({ round: -1 });

  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ source: load, round, data }),
      (error: unknown) => live && setState((previous) => ({ source: load, round, data: previous.data, error })),
    );
    return () => {
      live = false;
    };
  }, [load, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  const setData = useCallback((update: (previous: T | undefined) => T) => {
    setState((previous) => ({ ...previous, data: update(previous.data) }));
  }, []);

  const loading = state.source !== load || state.round !== round;
  return { data: state.data, error: loading ? undefined : state.error, loading, reload, setData };
}
