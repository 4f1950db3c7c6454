import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api/client';
import { api } from '../src/api/endpoints';
import { isCodeRequired, isEnrolmentRequired, twoFactorApi } from '../src/api/two_factor';
import { groupSecret, qrImageSource, recoveryCodesText } from '../src/lib/two_factor';

describe('two-factor sign-in calls', () => {
  let calls: [string, RequestInit][] = [];
  const answer = (body: unknown, status = 200) => {
    calls = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(body), { status });
    }));
  };
  // The i-th body sent (a sign-in first fetches its pre-session CSRF token with a GET).
  const sent = (i = 0) => JSON.parse(String(calls.filter(([, init]) => init.body !== undefined)[i][1].body));
  afterEach(() => vi.unstubAllGlobals());

  it('signs in without a code until the server asks for one, then with it', async () => {
    const user = { id: 2, email: 'doc@x.test', name: 'Doc', role: 'clinician', patient_id: null };
    answer({ token: 't', user, expires_at: '2026-11-19T12:00:00Z', csrf_token: 'c' });
    await api.login('doc@x.test', 'doctor password');
    expect(sent()).toEqual({ email: 'doc@x.test', password: 'doctor password' });
    await api.login('doc@x.test', 'doctor password', '123456');
    expect(sent(1)).toEqual({ email: 'doc@x.test', password: 'doctor password', code: '123456' });
  });

  it('tells a needed code (401, field code) apart from a wrong password and a required enrolment', async () => {
    answer({ error: { code: 'unauthenticated', message: 'enter the 6-digit code', field: 'code', request_id: 'r' } }, 401);
    const needed = await api.login('doc@x.test', 'doctor password').catch((e: unknown) => e);
    expect(needed).toBeInstanceOf(ApiError);
    expect(isCodeRequired(needed)).toBe(true);
    answer({ error: { code: 'unauthenticated', message: 'wrong email or password', request_id: 'r' } }, 401);
    expect(isCodeRequired(await api.login('doc@x.test', 'nope').catch((e: unknown) => e))).toBe(false);
    answer({ error: { code: 'permission_denied', message: 'enrol first', field: 'two_factor', request_id: 'r' } }, 403);
    const held = await twoFactorApi.securitySettings().catch((e: unknown) => e);
    expect(isEnrolmentRequired(held)).toBe(true);
    expect(isCodeRequired(held)).toBe(false);
  });

  it('reads the account\'s state and starts enrolment with a POST', async () => {
    answer({ enabled: false, pending: false, required: true, recovery_codes_left: 0 });
    expect((await twoFactorApi.status()).required).toBe(true);
    expect(calls[0][0]).toBe('/api/v1/me/two-factor');
    const enrolment = { secret_base32: 'ABCD', otpauth_uri: 'otpauth://totp/Scarwise:doc@x.test?secret=ABCD', qr_svg: '<svg/>' };
    answer(enrolment);
    expect(await twoFactorApi.start()).toEqual(enrolment);
    expect(calls[0][1].method).toBe('POST');
    expect(calls[0][0]).toBe('/api/v1/me/two-factor');
  });

  it('confirms with the trimmed code and answers the recovery codes', async () => {
    answer({ recovery_codes: ['aaaa-bbbb-cccc-dddd'] });
    expect(await twoFactorApi.confirm(' 123456 ')).toEqual(['aaaa-bbbb-cccc-dddd']);
    expect(calls[0][0]).toBe('/api/v1/me/two-factor/confirm');
    expect(sent()).toEqual({ code: '123456' });
  });

  it('turns it off with a DELETE carrying the code, or none for a pending enrolment', async () => {
    answer({ enabled: false });
    await twoFactorApi.disable('aaaa-bbbb-cccc-dddd');
    expect(calls[0][1].method).toBe('DELETE');
    expect(calls[0][0]).toBe('/api/v1/me/two-factor');
    expect(sent()).toEqual({ code: 'aaaa-bbbb-cccc-dddd' });
    await twoFactorApi.disable();
    expect(sent(1)).toEqual({});
  });

  it('reads and saves the clinic\'s requirement', async () => {
    answer({ require_two_factor_for_staff: true });
    expect(await twoFactorApi.saveSecuritySettings({ require_two_factor_for_staff: true })).toEqual({ require_two_factor_for_staff: true });
    expect(calls[0][1].method).toBe('PUT');
    expect(calls[0][0]).toBe('/api/v1/clinic/security');
    expect(sent()).toEqual({ require_two_factor_for_staff: true });
    await twoFactorApi.securitySettings();
    expect(calls[1][1].method).toBe('GET');
  });
});

describe('enrolment presentation', () => {
  it('groups the secret in fours for typing', () => {
    expect(groupSecret('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toBe('GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ');
    expect(groupSecret('')).toBe('');
  });
  it('shows the QR code as a data: image, escaped', () => {
    const src = qrImageSource('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h4"/></svg>');
    expect(src.startsWith('data:image/svg+xml;charset=utf-8,%3Csvg')).toBe(true);
    expect(src).not.toContain('"');
  });
  it('writes the recovery codes one per line', () => {
    expect(recoveryCodesText('doc@x.test', ['a', 'b']).split('\n')).toEqual(
      ['Scarwise recovery codes for doc@x.test', 'Each code signs in once in place of the 6-digit code.', '', 'a', 'b', '']);
  });
});
