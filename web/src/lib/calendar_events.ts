// Appointments as calendar events. Times are shown as the clinic's wall-clock time written
// in the ISO string (the offset is dropped), so a 09:30+01:00 appointment reads 09:30 on
// any viewer's machine.
import type { Appointment } from '../api/types';
import { appointmentLabel, isFollowUp } from './scheduling';

export type GroupBy = 'none' | 'practitioner' | 'room';

export interface CalendarEvent {
  id: string;
  start: string; // YYYY-MM-DDTHH:MM:SS, clinic wall-clock
  end: string;
  title: string;
  resourceIds: string[];
  classNames: string[];
}

/** "2026-12-01T09:30:00+01:00" → "2026-12-01T09:30:00". */
export function wallClock(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  if (!m) return iso;
  return m[1].length === 16 ? `${m[1]}:00` : m[1];
}

/** One event per appointment that is not cancelled; the title names the patient and session. */
export function toCalendarEvents(appointments: readonly Appointment[], groupBy: GroupBy, patientName: (id?: number) => string): CalendarEvent[] {
  return appointments
    .filter((a) => a.status !== 'cancelled')
    .map((a) => ({
      id: String(a.id),
      start: wallClock(a.starts_at),
      end: wallClock(a.ends_at),
      title: `${patientName(a.patient_id)} · ${appointmentLabel(a, true)}`,
      resourceIds: groupBy === 'practitioner' ? [String(a.practitioner_id)] : groupBy === 'room' ? [String(a.room_id)] : [],
      classNames: [`appt--${a.status}`, ...(isFollowUp(a) ? ['appt--follow-up'] : [])],
    }));
}

/**
 * The date typed in the calendar's date field, once it is a whole, real date of a plausible
 * year (2000–2100); undefined while it is half-typed ("0002-12-02" as the year is typed).
 */
export function typedCalendarDate(text: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 2000 || year > 2100) return undefined;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? text : undefined;
}

/** Monday of the week containing `date` (YYYY-MM-DD), and the Monday after it. */
export function weekRange(date: string): { from: string; to: string } {
  const d = new Date(`${date}T00:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000);
  const next = new Date(monday.getTime() + 7 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: next.toISOString().slice(0, 10) };
}

/** The first of the month of `date` and the first of the month after it. */
export function monthRange(date: string): { from: string; to: string } {
  const [y, m] = date.split('-').map(Number);
  const next = new Date(Date.UTC(y, m, 1));
  return { from: `${date.slice(0, 7)}-01`, to: next.toISOString().slice(0, 10) };
}

/** `date` moved by `by` days, weeks or months (the view's span); a month step keeps the day where it can. */
export function stepDate(date: string, span: 'day' | 'week' | 'month', by: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  if (span === 'month') {
    const day = d.getUTCDate();
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + by, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(day, last));
    return target.toISOString().slice(0, 10);
  }
  return new Date(d.getTime() + by * (span === 'week' ? 7 : 1) * 86_400_000).toISOString().slice(0, 10);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "December 2026", "7 – 13 December 2026" or "7 December 2026": what the view shows. */
export function rangeLabel(range: { from: string; to: string }, span: 'day' | 'week' | 'month'): string {
  const [y, m, d] = range.from.split('-').map(Number);
  if (span === 'month') return `${MONTHS[m - 1]} ${y}`;
  if (span === 'day') return `${d} ${MONTHS[m - 1]} ${y}`;
  const end = new Date(new Date(`${range.to}T00:00:00Z`).getTime() - 86_400_000);
  const [ey, em, ed] = [end.getUTCFullYear(), end.getUTCMonth() + 1, end.getUTCDate()];
  const start = em === m ? `${d}` : ey === y ? `${d} ${MONTHS[m - 1]}` : `${d} ${MONTHS[m - 1]} ${y}`;
  return `${start} – ${ed} ${MONTHS[em - 1]} ${ey}`;
}
