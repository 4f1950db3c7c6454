// Client logic of the scheduling screens: clinic wall-clock times and their UTC offsets,
// what a reschedule / cancel / no-show answer means for the series, which session comes
// next, and resource names by id.
import type { Appointment, AppointmentStatus, PlannedAppointment, Reflow, Resource } from '../api/types';

export const STATUS_LABELS: Record<AppointmentStatus, string> = {
  booked: 'Booked', cancelled: 'Cancelled', no_show: 'No-show', completed: 'Completed',
};

/** "2027-03-29T09:00:00+02:00" → "2027-03-29T09:00" (the clinic's wall clock, for a datetime-local input). */
export function localInput(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})/.exec(iso);
  return m ? m[1] : '';
}

/** The UTC offset written in an ISO timestamp ("+01:00"; "Z" → "+00:00"), or "+00:00" when there is none. */
export function offsetOf(iso: string): string {
  const m = /(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  return !m || m[1] === 'Z' ? '+00:00' : m[1];
}

/** Minutes east of UTC of `timeZone` at the instant `utcMs` (throws RangeError for an unknown zone). */
export function zoneOffsetMinutes(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((wall - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * A clinic wall-clock time ("2027-03-29T09:00", as a datetime-local input gives it) as ISO
 * 8601 with the clinic's UTC offset on that day ("2027-03-29T09:00:00+02:00"). Without a
 * usable time zone, `fallbackOffset` (e.g. the offset of the appointment being moved) is used.
 */
export function clinicIso(local: string, timeZone: string | undefined, fallbackOffset = '+00:00'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return local;
  const text = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:00`;
  if (!timeZone) return text + fallbackOffset;
  try {
    const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
    // The offset at the instant the wall clock means: two rounds settle it around a DST change.
    const first = zoneOffsetMinutes(asUtc, timeZone);
    const offset = zoneOffsetMinutes(asUtc - first * 60_000, timeZone);
    return text + formatOffset(offset);
  } catch {
    return text + fallbackOffset;
  }
}

/** The calendar day (YYYY-MM-DD) of the instant `utcMs` on the clinic's wall clock (the browser's day without a usable zone). */
export function clinicDay(utcMs: number, timeZone: string | undefined): string {
  if (timeZone) {
    try {
      return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(utcMs));
    } catch {
      // an unknown zone: the browser's day below
    }
  }
  const d = new Date(utcMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/**
 * Whether a booked appointment can be charted as done at `nowMs`: from its own day in the
 * clinic's time zone (its ISO time carries the clinic's offset, so its date is the clinic's
 * day); never for a later day, which the server refuses too.
 */
export function isChartableNow(appointment: Pick<Appointment, 'status' | 'starts_at'>, nowMs: number, timeZone: string | undefined): boolean {
  return appointment.status === 'booked' && appointment.starts_at.slice(0, 10) <= clinicDay(nowMs, timeZone);
}

/** The calendar day after `date` (YYYY-MM-DD). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return new Date(d.getTime() + 86_400_000).toISOString().slice(0, 10);
}

/** The patient's next session to chart: the booked one with the lowest session number (never the follow-up visit). */
export function nextToChart(appointments: readonly Appointment[]): Appointment | undefined {
  return appointments.filter((a) => a.status === 'booked' && !isFollowUp(a)).sort((a, b) => a.session_number - b.session_number)[0];
}

/** Whether an appointment is the follow-up visit booked with the series (issue 21): a re-assessment, never charted. */
export function isFollowUp(a: { kind?: string }): boolean {
  return a.kind === 'follow_up';
}

/** What an appointment is called: "Session 2", or "Follow-up visit" (lower case inside a sentence). */
export function appointmentLabel(a: { kind?: string; session_number: number }, lower = false): string {
  const label = isFollowUp(a) ? 'Follow-up visit' : `Session ${a.session_number}`;
  return lower ? label.charAt(0).toLowerCase() + label.slice(1) : label;
}

/** Whether a plan's series is booked: it has a session that is booked or already done. */
export function isSeriesBooked(planId: number, appointments: readonly Appointment[]): boolean {
  return appointments.some((a) => a.plan_id === planId && (a.status === 'booked' || a.status === 'completed'));
}

/** Appointments by start time (then session number). */
export function byStart<T extends { starts_at: string; session_number: number }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at) || a.session_number - b.session_number);
}

/** id → name of practitioners, rooms or devices. */
export function namesById(resources: readonly Resource[] | undefined): Map<number, string> {
  return new Map((resources ?? []).map((r) => [r.id, r.name]));
}

export type ChangeAction = 'reschedule' | 'cancel' | 'no-show';

/** One line of a reflow: a session that moves (from → to), is rebooked, or is closed. */
export interface ReflowChange {
  session_number: number;
  /** "Session 3" or "Follow-up visit". */
  label: string;
  kind: 'moves' | 'rebooked' | 'cancelled' | 'no_show';
  from?: string; // the start before, when known
  to?: string; // the start after
  appointment?: Appointment | PlannedAppointment; // the session as it would be (practitioner, room)
}

export interface ReflowSummary {
  changes: ReflowChange[];
  /** A sentence for what could not be kept, or undefined when everything fits. */
  unresolved?: string;
}

/**
 * What a reschedule, cancel or no-show answer (dry run or done) does to the series, in
 * session order: the changed session first, then each later session that moves. `before`
 * is the series as it is now (for the old times); unchanged sessions are left out.
 */
export function summariseReflow(answer: Reflow, original: Appointment, action: ChangeAction, before: readonly Appointment[] = []): ReflowSummary {
  const was = new Map(before.map((a) => [a.id, a]));
  const changes: ReflowChange[] = [];
  if (action === 'reschedule') {
    if (answer.appointment) {
      changes.push({ session_number: original.session_number, label: appointmentLabel(original), kind: 'moves', from: original.starts_at, to: answer.appointment.starts_at, appointment: answer.appointment });
    }
  } else {
    changes.push({ session_number: original.session_number, label: appointmentLabel(original), kind: action === 'cancel' ? 'cancelled' : 'no_show', from: original.starts_at });
    if (answer.appointment) {
      changes.push({ session_number: answer.appointment.session_number, label: appointmentLabel(answer.appointment), kind: 'rebooked', to: answer.appointment.starts_at, appointment: answer.appointment });
    }
  }
  // Sessions in order, the follow-up visit (numbered after the last session) after them.
  for (const moved of [...answer.moved].sort((a, b) => Number(isFollowUp(a)) - Number(isFollowUp(b)) || a.session_number - b.session_number)) {
    const old = was.get(moved.id);
    if (old && old.starts_at === moved.starts_at && old.practitioner_id === moved.practitioner_id && old.room_id === moved.room_id) continue;
    changes.push({ session_number: moved.session_number, label: appointmentLabel(moved), kind: 'moves', from: old?.starts_at, to: moved.starts_at, appointment: moved });
  }
  const u = answer.unresolved;
  // The server's message names the session and the reason ("Session 3 cannot be on …").
  const unresolved = u ? `${u.message.charAt(0).toUpperCase()}${u.message.slice(1)}${/[.!?]$/.test(u.message) ? '' : '.'}` : undefined;
  return { changes, unresolved };
}
