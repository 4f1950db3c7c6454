// Small data hooks shared by the pages.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** The reloads of every mounted useLoad, for reloadAll. */
const reloaders = new Set<() => void>();

/** Loads again what every page on screen shows (after signing in again: the failed loads come back). */
export function reloadAll(): void {
  for (const reload of reloaders) reload();
}

/** Runs `load` on mount and whenever `deps` change; keeps the last data while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const reload = () => setTick((t) => t + 1);
    reloaders.add(reload);
    return () => { reloaders.delete(reload); };
  }, []);
  useEffect(() => {
    let live = true;
    setState((s) => ({ data: s.data, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/** The current time in ms, refreshed every `everyMs` (for countdowns). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Calls `fn` `delayMs` after the last change of `deps` (for live previews and search). */
export function useDebounced(fn: () => void, deps: unknown[], delayMs = 300): void {
  const saved = useRef(fn);
  saved.current = fn;
  useEffect(() => {
    const timer = setTimeout(() => saved.current(), delayMs);
    return () => clearTimeout(timer);
  }, deps);
}

/** A random key for Idempotency-Key headers: one per form submission attempt series. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Idempotency keys for one form's submissions: the same key while the same body is sent again
 * (a retry after a lost answer is stored once), a new key once the body changed (an edit after
 * a failed attempt is a new request; reusing the key would be refused as a conflict).
 */
export function idempotencyKeys(fresh: () => string = newIdempotencyKey): (body: unknown) => string {
  let last: { body: string; key: string } | undefined;
  return (body) => {
    const text = JSON.stringify(body);
    if (last?.body !== text) last = { body: text, key: fresh() };
    return last.key;
  };
}

/** idempotencyKeys for the lifetime of a component. */
export function useIdempotencyKeys(): (body: unknown) => string {
  const [keyFor] = useState(() => idempotencyKeys());
  return keyFor;
}

/** Moves the focus to element `id` once the change has rendered (keyboard users stay where they work). */
export function focusLater(id: string): void {
  requestAnimationFrame(() => document.getElementById(id)?.focus());
}
