// Client-side checks run before a request, so the clinician sees the problem next to the
// field at once. The server checks again and remains the authority.
import type {
  FacialZone, MedicalHistory, PatientDetails, ScarAssessment, ScarType, ScreeningQuestion, Sex,
} from '../api/types';
import { SCAR_TYPES } from '../api/types';
import type { FieldErrors } from './field_errors';

/**
 * The screening form's raw answers by question key: `choice` is the picked radio ("" = not
 * answered yet; "yes"/"no" for a bool, the option for an enum, "never"/"yes" for months or
 * weeks ago, "never"/"current"/"stopped" for a course) and `number` the typed months/weeks.
 * The questions come from the clinic's protocol (GET /protocol/questions).
 */
export type ScreeningAnswers = Record<string, { choice: string; number: string }>;

export function emptyScreening(): ScreeningAnswers {
  return {};
}

const REQUIRED = 'Answer this question.';

function amount(text: string, field: string, unit: 'months' | 'weeks', errors: FieldErrors): number | undefined {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0) {
    errors[field] = `Enter the number of ${unit} (0 or more).`;
    return undefined;
  }
  return value;
}

/** The field path of a question's number (a course's months stopped, else the key itself). */
export function numberPath(q: ScreeningQuestion): string {
  return q.type === 'course' ? `${q.key}.stopped_months_ago` : q.key;
}

/** The screening body when every question is answered, or the errors by field path. */
export function validateScreening(questions: ScreeningQuestion[], a: ScreeningAnswers): { history?: MedicalHistory; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const out: MedicalHistory = {};
  for (const q of questions) {
    const { choice = '', number = '' } = a[q.key] ?? {};
    if (choice === '') {
      errors[q.key] = REQUIRED;
      continue;
    }
    switch (q.type) {
      case 'bool':
        out[q.key] = choice === 'yes';
        break;
      case 'enum':
        out[q.key] = choice;
        break;
      case 'months_ago':
      case 'weeks_ago': {
        if (choice === 'never') out[q.key] = null;
        else {
          const n = amount(number, q.key, q.type === 'months_ago' ? 'months' : 'weeks', errors);
          if (n !== undefined) out[q.key] = n;
        }
        break;
      }
      case 'course': {
        if (choice !== 'stopped') out[q.key] = choice;
        else {
          const n = amount(number, numberPath(q), 'months', errors);
          if (n !== undefined) out[q.key] = { stopped_months_ago: n };
        }
        break;
      }
    }
  }
  return Object.keys(errors).length ? { errors } : { history: out, errors };
}

/** The patient form's raw input (all text, as typed). */
export interface PatientInput {
  given_name: string;
  family_name: string;
  birth_date: string;
  sex: Sex | '';
  email: string;
  phone: string;
  fitzpatrick: string;
}

/** The new-patient body, or the errors by field. `today` is YYYY-MM-DD. */
export function validatePatient(p: PatientInput, today: string): { details?: PatientDetails; errors: FieldErrors } {
  const errors: FieldErrors = {};
  if (!p.given_name.trim()) errors.given_name = 'Enter the given name.';
  if (!p.family_name.trim()) errors.family_name = 'Enter the family name.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.birth_date) || Number.isNaN(Date.parse(p.birth_date))) {
    errors.birth_date = 'Enter the date of birth (YYYY-MM-DD).';
  } else if (p.birth_date > today) errors.birth_date = 'The date of birth is in the future.';
  const fitz = Number(p.fitzpatrick);
  if (!Number.isInteger(fitz) || fitz < 1 || fitz > 6) errors.fitzpatrick = 'Choose the Fitzpatrick skin type (I–VI).';
  if (p.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(p.email.trim())) errors.email = 'This is not an e-mail address.';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    details: {
      given_name: p.given_name.trim(),
      family_name: p.family_name.trim(),
      birth_date: p.birth_date,
      fitzpatrick: fitz,
      ...(p.sex ? { sex: p.sex } : {}),
      email: p.email.trim() || null,
      phone: p.phone.trim() || null,
    },
  };
}

/** The scar inventory as typed: per zone, per scar type, the count text; plus keloid area. */
export type InventoryInput = Partial<Record<FacialZone, { counts: Partial<Record<ScarType, string>>; keloid_area_cm2: string }>>;

/** Form path of a count: "cheek_left.rolling"; of a keloid area: "cheek_left.keloid_area_cm2". */
export const countPath = (zone: FacialZone, type: ScarType | 'keloid_area_cm2') => `${zone}.${type}`;

/**
 * The assessment body from the zones the clinician selected, or errors by form path.
 * Blank counts mean 0. `zones` keeps the selection order, which is also the order of the
 * body's `zones` list (the server's "zones[i]" paths refer to it).
 */
export function buildAssessment(
  date: string, grade: string, zones: readonly FacialZone[], inventory: InventoryInput,
): { assessment?: ScarAssessment; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const g = Number(grade);
  if (!Number.isInteger(g) || g < 1 || g > 4) errors.qualitative_grade = 'Choose the qualitative grade (1–4).';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) errors.date = 'Enter the assessment date (YYYY-MM-DD).';
  if (zones.length === 0) errors.zones = 'Select at least one facial zone with scars.';
  const out: ScarAssessment['zones'] = [];
  for (const zone of zones) {
    const input = inventory[zone] ?? { counts: {}, keloid_area_cm2: '' };
    const counts = {} as Record<ScarType, number>;
    for (const type of SCAR_TYPES) {
      const text = (input.counts[type] ?? '').trim();
      const n = text === '' ? 0 : Number(text);
      if (!Number.isInteger(n) || n < 0) errors[countPath(zone, type)] = 'Enter a whole number, 0 or more.';
      counts[type] = n;
    }
    const areaText = input.keloid_area_cm2.trim();
    const area = areaText === '' ? 0 : Number(areaText);
    if (!Number.isFinite(area) || area < 0) errors[countPath(zone, 'keloid_area_cm2')] = 'Enter an area in cm², 0 or more.';
    out.push({ zone, counts, keloid_area_cm2: area });
  }
  if (Object.keys(errors).length) return { errors };
  return { errors, assessment: { date, qualitative_grade: g, zones: out } };
}

/** Server path "zones[2].counts.rolling" → form path "cheek_left.rolling" for the zones sent. */
export function assessmentFieldPath(zones: readonly FacialZone[], field: string): string {
  const m = /^zones\[(\d+)\](?:\.counts)?\.(\w+)$/.exec(field);
  if (!m) return field;
  const zone = zones[Number(m[1])];
  return zone ? `${zone}.${m[2]}` : field;
}

/** The shortest password the server accepts (it checks again and may refuse more). */
export const MIN_PASSWORD_LENGTH = 10;

/** A new password typed twice (choosing the portal password): the errors by field, none when fine. */
export function checkNewPassword(password: string, confirm: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!password) errors.password = 'Choose a password.';
  else if (password.length < MIN_PASSWORD_LENGTH) errors.password = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (!confirm) errors.confirm = 'Type the password again.';
  else if (password && confirm !== password) errors.confirm = 'The two passwords are not the same.';
  return errors;
}
