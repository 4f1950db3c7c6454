// Clinical wording for the API's codes, shown to clinicians and patients.
import type { Decision, FacialZone, ScarType, Urgency } from '../api/types';

export const ZONE_LABELS: Record<FacialZone, string> = {
  forehead: 'Forehead', temple_left: 'Left temple', temple_right: 'Right temple', nose: 'Nose',
  cheek_left: 'Left cheek', cheek_right: 'Right cheek', perioral: 'Perioral', chin: 'Chin',
  jaw_left: 'Left jaw', jaw_right: 'Right jaw',
};

export const SCAR_LABELS: Record<ScarType, string> = {
  macular: 'Macular', ice_pick: 'Ice pick', boxcar_shallow: 'Boxcar, shallow',
  boxcar_deep: 'Boxcar, deep', rolling: 'Rolling', papular: 'Papular / hypertrophic',
};

export const DECISION_LABELS: Record<Decision, string> = {
  proceed: 'Proceed', proceed_with_precautions: 'Proceed with precautions', defer: 'Defer', not_suitable: 'Not suitable',
};

export const URGENCY_LABELS: Record<Urgency, string> = { emergency: 'Emergency', urgent: 'Urgent', soon: 'Soon', routine: 'Routine' };

export const FITZPATRICK = ['I', 'II', 'III', 'IV', 'V', 'VI'];

/**
 * "23 Nov 2026" from a calendar date ("2026-11-23", as written) or an ISO timestamp (the day
 * on the clinic's clock once its zone is known: 23:30 UTC is already tomorrow in Amsterdam).
 */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(onClinicClock(iso));
  if (!m) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

let clinicZone: string | undefined;

/** The clinic's IANA time zone (from GET /clinic/identity, at start): every time shown is on its clock. */
export function setClinicTimeZone(zone: string | undefined): void {
  clinicZone = zone;
}

/** The clinic's time zone, once known: the label said once beside the times ("Europe/Amsterdam"). */
export function clinicTimeZone(): string | undefined {
  return clinicZone;
}

/** An ISO instant as the clinic's wall clock with its offset ("2026-12-07T10:00:00+01:00"); as written without a usable zone. */
export function onClinicClock(iso: string): string {
  const ms = Date.parse(iso);
  if (!clinicZone || Number.isNaN(ms) || !/T\d{2}:\d{2}/.test(iso)) return iso;
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: clinicZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    }).formatToParts(new Date(ms));
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
  } catch {
    return iso;
  }
}

/** "Tue 1 Dec 2026, 09:30" from an ISO timestamp: on the clinic's clock once its zone is known, else as written. */
export function formatDateTime(iso: string): string {
  iso = onClinicClock(iso);
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
  if (!m) return iso;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).getUTCDay()];
  return `${weekday} ${formatDate(iso)}, ${m[4]}:${m[5]}`;
}

/** "snake_case_code" → "Snake case code" for codes without a dedicated label. */
export function humanise(code: string): string {
  const text = code.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The first ingredients of an INCI list, for a one-line title: "Aqua, Glycerin, Retinol, Tocopherol, …". */
export function inciPreview(inci: string, count = 4): string {
  const parts = inci.split(/[,;\n]/).map((p) => p.trim()).filter(Boolean);
  return parts.slice(0, count).join(', ') + (parts.length > count ? ', …' : '');
}
