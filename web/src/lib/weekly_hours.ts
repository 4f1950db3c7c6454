// Client logic of the clinic settings: weekly hours (the clinic's opening hours, a
// practitioner's working hours) as the form edits them <-> the API's shape, quarter-hour
// times, closed dates and absences. Error keys use the server's field paths
// ("opening_hours.mon[0]", "closed_dates[1]", "absences[2].to"), so a server error lands on
// the same row as a client-side one. The server checks again and remains the authority.
import type { Absence, Weekday, WeeklyHours } from '../api/types';
import { WEEKDAYS } from '../api/types';
import type { FieldErrors } from './field_errors';

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday',
};
const SHORT: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** One span as typed: "HH:MM" texts. */
export interface SpanInput {
  from: string;
  to: string;
}

/** The form's weekly hours: every weekday, each with its spans in the order shown. */
export type HoursInput = Record<Weekday, SpanInput[]>;

export function emptyHours(): HoursInput {
  return { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
}

/** The API's weekly hours as the form shows them (a missing day is closed). */
export function hoursToForm(hours: WeeklyHours | undefined): HoursInput {
  const out = emptyHours();
  for (const day of WEEKDAYS) out[day] = (hours?.[day] ?? []).map(([from, to]) => ({ from, to }));
  return out;
}

/** Minutes since midnight of "HH:MM" (00:00 … 24:00), or undefined when it is not such a time. */
export function clockMinutes(text: string): number | undefined {
  const m = /^(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min !== 0)) return undefined;
  return h * 60 + min;
}

/** Why `text` is not a time on the quarter hour, or undefined when it is one. */
export function clockError(text: string): string | undefined {
  if (text.trim() === '') return 'Enter a time as HH:MM.';
  const minutes = clockMinutes(text);
  if (minutes === undefined) return `“${text.trim()}” is not a time of day (HH:MM, 00:00 to 24:00).`;
  if (minutes % 15 !== 0) return 'Times must be on the quarter hour (:00, :15, :30, :45).';
  return undefined;
}

/** True for "HH:MM" on the quarter hour, 00:00 … 24:00. */
export const isQuarterHour = (text: string) => clockError(text) === undefined;

/** The error key of a span: "opening_hours.mon[0]". */
export const spanPath = (field: string, day: Weekday, index: number) => `${field}.${day}[${index}]`;

/**
 * The API's weekly hours (all seven days, closed days as []) from the form, or the errors by
 * span path. Spans must be on the quarter hour, start before they end, and follow each other
 * without overlapping, as the server requires.
 */
export function formToHours(input: HoursInput, field: string): { hours?: Required<WeeklyHours>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const hours = {} as Required<WeeklyHours>;
  for (const day of WEEKDAYS) {
    hours[day] = [];
    let previousEnd = -1;
    input[day].forEach((span, i) => {
      const path = spanPath(field, day, i);
      const problem = clockError(span.from) ?? clockError(span.to);
      if (problem) {
        errors[path] = problem;
        return;
      }
      const from = clockMinutes(span.from)!;
      const to = clockMinutes(span.to)!;
      if (from >= to) errors[path] = 'The hours must start before they end.';
      else if (from < previousEnd) errors[path] = 'These hours overlap the hours above, or come before them.';
      previousEnd = Math.max(previousEnd, to);
      hours[day].push([span.from.trim(), span.to.trim()]);
    });
  }
  return Object.keys(errors).length ? { errors } : { hours, errors };
}

/** "Mon–Fri 09:00–17:30 · Sat 09:00–13:00", runs of days with the same hours joined; "Closed every day" when none. */
export function summariseHours(hours: WeeklyHours | undefined): string {
  const text = (day: Weekday) => (hours?.[day] ?? []).map(([f, t]) => `${f}–${t}`).join(', ');
  const parts: string[] = [];
  let i = 0;
  while (i < WEEKDAYS.length) {
    const value = text(WEEKDAYS[i]);
    let j = i;
    while (j + 1 < WEEKDAYS.length && text(WEEKDAYS[j + 1]) === value) j++;
    if (value) parts.push(`${SHORT[WEEKDAYS[i]]}${j > i ? `–${SHORT[WEEKDAYS[j]]}` : ''} ${value}`);
    i = j + 1;
  }
  return parts.length ? parts.join(' · ') : 'Closed every day';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date YYYY-MM-DD. */
export function isDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The closed dates to send, or errors keyed "closed_dates[i]" by the row shown (which is also the server's index). */
export function validateClosedDates(dates: readonly string[]): { dates?: string[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  dates.forEach((d, i) => {
    if (d.trim() === '') errors[`closed_dates[${i}]`] = 'Enter a date, or remove this row.';
    else if (!isDate(d.trim())) errors[`closed_dates[${i}]`] = 'Enter a date (YYYY-MM-DD).';
  });
  return Object.keys(errors).length ? { errors } : { errors, dates: dates.map((d) => d.trim()) };
}

/** A new absence, checked: errors keyed "from" / "to". */
export function validateAbsence(from: string, to: string): { absence?: Absence; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!isDate(from)) errors.from = 'Enter the first day away (YYYY-MM-DD).';
  if (!isDate(to)) errors.to = 'Enter the last day away (YYYY-MM-DD).';
  else if (!errors.from && to < from) errors.to = 'The last day must not be before the first.';
  return Object.keys(errors).length ? { errors } : { absence: { from, to }, errors };
}

/** Absences by first day, then last day. */
export function sortAbsences(absences: readonly Absence[]): Absence[] {
  return [...absences].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

/** Days from `from` to `to`, both included. */
export function daysInclusive(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
