// Client logic of the staff "Messages" page (the outbox of reminders and alerts) and of
// times the server writes in UTC: shown on the clinic's wall clock.
import type { OutboxMessage, OutboxStatus } from '../api/types';
import { formatDateTime } from './labels';
import { zoneOffsetMinutes } from './scheduling';

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: 'Pending', sent: 'Sent', failed: 'Failed', skipped: 'Skipped',
};

/** The badge tone of a message status (the styles' badge classes). */
export const OUTBOX_STATUS_TONES: Record<OutboxStatus, string> = {
  pending: 'booked', sent: 'completed', failed: 'urgent', skipped: 'skipped',
};

const KIND_LABELS: Record<string, string> = {
  appointment_reminder: 'Appointment reminder',
  aftercare_reminder: 'Aftercare reminder',
  check_in_reminder: 'Check-in reminder',
  clinic_alert: 'Clinic alert',
  portal_invitation: 'Portal invitation',
  delivery_failure: 'Not-delivered notice',
};

/** "Appointment reminder" for "appointment_reminder"; unknown kinds humanised. */
export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? (kind.charAt(0).toUpperCase() + kind.slice(1).replace(/_/g, ' '));
}

/**
 * An instant ("2027-03-01T08:00:00Z" or with any offset) as the wall clock of `timeZone`
 * ("2027-03-01T09:00:00+01:00"). Without a zone, or with one the browser does not know,
 * the browser's own zone is used.
 */
export function inZone(iso: string, timeZone?: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  let offset: number;
  try {
    offset = timeZone ? zoneOffsetMinutes(ms, timeZone) : -new Date(ms).getTimezoneOffset();
  } catch {
    offset = -new Date(ms).getTimezoneOffset();
  }
  const wall = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** "Mon 1 Mar 2027, 09:00": an instant on `timeZone`'s wall clock (the browser's without one). */
export function formatInstant(iso: string, timeZone?: string): string {
  return formatDateTime(inZone(iso, timeZone));
}

/** Whether a message needs a person: it failed for good, or it is being retried after an error. */
export function needsAttention(m: OutboxMessage): boolean {
  return m.status === 'failed' || (m.status === 'pending' && m.last_error !== '');
}

/** One line on where a message stands: "Sent Mon 1 Mar 2027, 09:00", "Due …", "Retry … (attempt 3 failed)". */
export function deliveryLine(m: OutboxMessage, timeZone?: string): string {
  const at = (iso: string) => formatInstant(iso, timeZone);
  const tries = `${m.attempts} attempt${m.attempts === 1 ? '' : 's'}`;
  switch (m.status) {
    case 'sent':
      return m.sent_at ? `Sent ${at(m.sent_at)}` : 'Sent';
    case 'failed':
      return `Gave up after ${tries}`;
    case 'skipped':
      return `Not sent (was due ${at(m.due_at)})`;
    default:
      return m.attempts > 0 ? `Next try ${at(m.next_attempt_at)} · ${tries} so far` : `Due ${at(m.due_at)}`;
  }
}
