// Client-side routing on real paths (the server answers index.html for any path without a
// dot). A route is a pattern like "/patients/:id"; `matchRoute` is pure, `useLocation`
// follows history changes, `navigate` pushes a new entry.
import { useEffect, useState } from 'preact/hooks';

export interface Match {
  pattern: string;
  params: Record<string, string>;
}

/** The first pattern that matches `path` exactly (trailing slash ignored), with its params. */
export function matchRoute(path: string, patterns: readonly string[]): Match | undefined {
  const parts = split(path);
  for (const pattern of patterns) {
    const want = split(pattern);
    if (want.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      if (want[i].startsWith(':')) params[want[i].slice(1)] = decodeURIComponent(parts[i]);
      else ok = want[i] === parts[i];
    }
    if (ok) return { pattern, params };
  }
  return undefined;
}

function split(path: string): string[] {
  return path.split('?')[0].split('/').filter((p) => p !== '');
}

/** A positive whole-number id from a route param, or undefined. */
export function idParam(value: string | undefined): number | undefined {
  if (!value || !/^[1-9][0-9]{0,15}$/.test(value)) return undefined;
  return Number(value);
}

const listeners = new Set<() => void>();

/** Goes to `path` (pushes a history entry, or replaces the current one) and re-renders. */
export function navigate(path: string, replace = false): void {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
}

/** The current path and query; re-renders the caller on navigation and back/forward. */
export function useLocation(): { path: string; search: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const update = () => setTick((t) => t + 1);
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return { path: location.pathname, search: new URLSearchParams(location.search) };
}

/** Click handler for in-app links: plain left clicks navigate without reloading. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  if (anchor.target || anchor.origin !== location.origin || anchor.hasAttribute('download')) return;
  event.preventDefault();
  navigate(anchor.pathname + anchor.search);
}
