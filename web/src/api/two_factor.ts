// Two-factor sign-in for staff: the account page's enrolment calls and the admin's policy.
// Each returns the parsed answer or throws ApiError (field "code" for a wrong code, field
// "two_factor" when the state forbids it).
import { ApiError, call } from './client';
import type { SecuritySettings } from './types';

export const twoFactorApi = {
  status: () => call('get', '/api/v1/me/two-factor'),
  /** Starts (or restarts) enrolment: a new secret, pending until confirmed with a code. */
  start: () => call('post', '/api/v1/me/two-factor'),
  /** Turns it on with the app's current code; answers the recovery codes, shown this once. */
  confirm: async (code: string) =>
    (await call('post', '/api/v1/me/two-factor/confirm', { body: { code: code.trim() } })).recovery_codes,
  /** Turns it off (or drops a pending enrolment); `code` = a current code or a recovery code. */
  disable: (code?: string) =>
    call('delete', '/api/v1/me/two-factor', { body: code ? { code: code.trim() } : {} }),
  securitySettings: () => call('get', '/api/v1/clinic/security'),
  saveSecuritySettings: (settings: SecuritySettings) =>
    call('put', '/api/v1/clinic/security', { body: settings }),
};

/** True when sign-in needs the second step: the password was right, now the code (401, field "code"). */
export function isCodeRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.field === 'code';
}

/** True when the clinic requires two-factor sign-in and this account must enrol first (403, field "two_factor"). */
export function isEnrolmentRequired(error: unknown): boolean {
  return error instanceof ApiError && error.status === 403 && error.field === 'two_factor';
}
