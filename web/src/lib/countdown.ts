// Countdowns on the patient's "today" page: how long until an aftercare item is allowed.

/** "now" when `untilMs <= nowMs`; else "in 2 d 3 h", "in 5 h 20 min", "in 12 min", "in < 1 min". */
export function formatCountdown(untilMs: number, nowMs: number): string {
  const remaining = untilMs - nowMs;
  if (remaining <= 0) return 'now';
  const minutes = Math.floor(remaining / 60_000);
  if (minutes < 1) return 'in < 1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `in ${days} d ${hours} h` : `in ${days} d`;
  if (hours > 0) return mins > 0 ? `in ${hours} h ${mins} min` : `in ${hours} h`;
  return `in ${mins} min`;
}

export interface TimedItem {
  allowed_from: string; // ISO 8601 with offset
}

/** Splits items into allowed now and still waiting at `nowMs`, each sorted by allowed_from. */
export function splitByNow<T extends TimedItem>(items: readonly T[], nowMs: number): { allowed: T[]; waiting: T[] } {
  const sorted = [...items].sort((a, b) => Date.parse(a.allowed_from) - Date.parse(b.allowed_from));
  return {
    allowed: sorted.filter((i) => Date.parse(i.allowed_from) <= nowMs),
    waiting: sorted.filter((i) => Date.parse(i.allowed_from) > nowMs),
  };
}

/** Whole days since `sinceMs` (day 0 is the first 24 h after it); undefined before it. */
export function dayAfter(sinceMs: number, nowMs: number): number | undefined {
  if (nowMs < sinceMs) return undefined;
  return Math.floor((nowMs - sinceMs) / 86_400_000);
}
