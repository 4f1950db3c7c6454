// The daily recovery check-in: the form's raw input and its request body.
import type { CheckIn, WarningSign } from '../api/types';
import type { FieldErrors } from './field_errors';

export interface CheckInInput {
  day_after_session: string;
  redness: string;
  swelling: string;
  pain: string;
  warning_signs: WarningSign[];
  products_applied: string;
  sunscreen_used: 'yes' | 'no' | '';
  makeup_used: 'yes' | 'no' | '';
}

export const emptyCheckIn = (day = ''): CheckInInput => ({
  day_after_session: day, redness: '', swelling: '', pain: '', warning_signs: [], products_applied: '', sunscreen_used: '', makeup_used: '',
});

/** The body, or errors by field; every scale must be answered (redness, swelling 0–3; pain 0–10). */
export function validateCheckIn(c: CheckInInput): { checkIn?: CheckIn; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const scale = (text: string, key: string, max: number) => {
    const n = Number(text);
    if (text === '' || !Number.isInteger(n) || n < 0 || n > max) errors[key] = `Choose a value from 0 to ${max}.`;
    return n;
  };
  const day = scale(c.day_after_session, 'day_after_session', 365);
  const redness = scale(c.redness, 'redness', 3);
  const swelling = scale(c.swelling, 'swelling', 3);
  const pain = scale(c.pain, 'pain', 10);
  if (!c.sunscreen_used) errors.sunscreen_used = 'Answer this question.';
  if (!c.makeup_used) errors.makeup_used = 'Answer this question.';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    checkIn: {
      day_after_session: day, redness, swelling, pain, warning_signs: c.warning_signs,
      products_applied: c.products_applied.trim(), sunscreen_used: c.sunscreen_used === 'yes', makeup_used: c.makeup_used === 'yes',
    },
  };
}
