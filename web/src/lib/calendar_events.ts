// Appointments as calendar events. Times are shown as the clinic's wall-clock time written
// in the ISO string (the offset is dropped), so a 09:30+01:00 appointment reads 09:30 on
// any viewer's machine.
import type { Appointment } from '../api/types';

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
      title: `${patientName(a.patient_id)} · session ${a.session_number}`,
      resourceIds: groupBy === 'practitioner' ? [String(a.practitioner_id)] : groupBy === 'room' ? [String(a.room_id)] : [],
      classNames: [`appt--${a.status}`],
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
