import { afterEach, describe, expect, it, vi } from 'vitest';
import { absoluteUrl, api, query } from '../src/api/endpoints';

describe('query', () => {
  it('skips empty values and joins lists', () => {
    expect(query({ q: '', limit: 50, cursor: undefined })).toBe('?limit=50');
    expect(query({ dry_run: true, weekdays: ['tue', 'thu'], time_from: '09:00' })).toBe('?dry_run=true&weekdays=tue%2Cthu&time_from=09%3A00');
    expect(query({})).toBe('');
  });
});


describe('absoluteUrl', () => {
  it('puts a server path on the page\'s origin', () => {
    expect(absoluteUrl('/api/v1/calendar-feeds/abc.ics', 'https://clinic.example')).toBe('https://clinic.example/api/v1/calendar-feeds/abc.ics');
    expect(absoluteUrl('/api/v1/calendar-feeds/abc.ics', 'http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/api/v1/calendar-feeds/abc.ics');
  });
});

describe('scheduling and session-day calls', () => {
  const appointment = {
    id: 11, plan_id: 2, patient_id: 5, session_number: 1, starts_at: '2027-03-30T09:00:00+02:00', ends_at: '2027-03-30T10:30:00+02:00',
    practitioner_id: 1, room_id: 1, device_id: 1, status: 'booked', sequence: 0,
  };
  let calls: [string, RequestInit][] = [];
  const answer = (body: unknown, status = 200) => {
    calls = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(body), { status });
    }));
  };
  afterEach(() => vi.unstubAllGlobals());

  it('previews a series with the preferences in the query and answers the alternatives', async () => {
    answer({ dry_run: true, alternatives: [{ rank: 1, same_practitioner: true, same_weekday_and_time: true, gaps_days: [28], appointments: [{ ...appointment, id: null }] }] });
    const alternatives = await api.previewBookings(4, { weekdays: ['tue', 'thu'], time_from: '09:00', time_to: '13:00', practitioner_id: 3 });
    expect(alternatives).toHaveLength(1);
    expect(alternatives[0].appointments[0].id).toBeNull();
    expect(calls[0][0]).toBe('/api/v1/plans/4/bookings?dry_run=true&weekdays=tue%2Cthu&time_from=09%3A00&time_to=13%3A00&practitioner_id=3');
  });

  it('books the picked alternative and answers the appointments', async () => {
    answer({ appointments: [appointment] }, 201);
    expect(await api.book(4, { weekdays: ['tue'], time_from: '09:00', time_to: '13:00', alternative: 2 }, 'book-1')).toEqual([appointment]);
    expect(JSON.parse(String(calls[0][1].body))).toMatchObject({ alternative: 2 });
    expect(new Headers(calls[0][1].headers).get('Idempotency-Key')).toBe('book-1');
  });

  it('reschedules as a dry run with the new start (and practitioner) in the body', async () => {
    answer({ dry_run: true, appointment, moved: [], unresolved: null });
    const reflow = await api.reschedule(11, '2027-04-06T09:00:00+02:00', true, 2);
    expect(reflow.appointment).toEqual(appointment);
    expect(calls[0][0]).toBe('/api/v1/appointments/11/reschedule?dry_run=true');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ starts_at: '2027-04-06T09:00:00+02:00', practitioner_id: 2 });
    answer({ dry_run: false, appointment, moved: [], unresolved: null });
    await api.reschedule(11, '2027-04-06T09:00:00+02:00', false);
    expect(calls[0][0]).toBe('/api/v1/appointments/11/reschedule');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ starts_at: '2027-04-06T09:00:00+02:00' });
  });

  it('cancels and records no-shows, with or without dry run', async () => {
    answer({ dry_run: true, appointment: null, moved: [], unresolved: null });
    await api.closeAppointment(11, 'cancel', true);
    expect(calls[0][0]).toBe('/api/v1/appointments/11/cancel?dry_run=true');
    await api.closeAppointment(11, 'no-show', false);
    expect(calls[1][0]).toBe('/api/v1/appointments/11/no-show');
    expect(calls[1][1].method).toBe('POST');
  });

  it('charts an appointment with the screening in the body and an idempotency key', async () => {
    answer({ id: 1, session_number: 1 }, 201);
    await api.chartSession(11, { screening: { pregnant: false } } as never, 'chart-1');
    expect(calls[0][0]).toBe('/api/v1/appointments/11/session');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ screening: { pregnant: false } });
    expect(new Headers(calls[0][1].headers).get('Idempotency-Key')).toBe('chart-1');
  });

  it('asks for the draft and a calendar feed of the patient', async () => {
    answer({ path: '/api/v1/calendar-feeds/t.ics' }, 201);
    expect(await api.calendarFeed(5)).toEqual({ path: '/api/v1/calendar-feeds/t.ics' });
    expect(calls[0][0]).toBe('/api/v1/patients/5/calendar-feed');
    answer({ device: '', zones: [] });
    await api.sessionDraft(5);
    expect(calls[0][0]).toBe('/api/v1/patients/5/sessions/draft');
  });
});

describe('clinic settings, outbox and product-check calls', () => {
  let calls: [string, RequestInit][] = [];
  const answer = (body: unknown, status = 200) => {
    calls = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(body), { status });
    }));
  };
  const headers = (i = 0) => calls[i][1].headers as Record<string, string>;
  afterEach(() => vi.unstubAllGlobals());
  const hours = { mon: [['09:00', '17:30']] as [string, string][], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };

  it('saves the clinic with If-Match when the version is known, without it the first time', async () => {
    answer({ time_zone: 'Europe/Amsterdam', opening_hours: hours, closed_dates: [], version: 4 });
    const body = { time_zone: 'Europe/Amsterdam', opening_hours: hours, closed_dates: ['2026-12-25'] };
    expect((await api.saveClinic(body, 3)).version).toBe(4);
    expect(calls[0][0]).toBe('/api/v1/clinic');
    expect(calls[0][1].method).toBe('PUT');
    expect(headers()['If-Match']).toBe('"3"');
    expect(JSON.parse(String(calls[0][1].body))).toEqual(body);
    await api.saveClinic(body);
    expect(headers(1)['If-Match']).toBeUndefined();
  });

  it('a 412 comes back as an ApiError with its status', async () => {
    answer({ error: { code: 'failed_precondition', message: 'changed by someone else', field: 'version' } }, 412);
    await expect(api.saveClinic({ time_zone: 'UTC', opening_hours: hours, closed_dates: [] }, 1)).rejects.toMatchObject({ status: 412, field: 'version' });
  });

  it('patches a practitioner with its version, adds practitioners, rooms and devices', async () => {
    const p = { id: 7, kind: 'practitioner' as const, name: 'Sam', version: 2, working_hours: hours, absences: [] };
    answer({ ...p, version: 3 });
    await api.updatePractitioner(p, { name: 'Sam', working_hours: hours, absences: [{ from: '2027-03-01', to: '2027-03-05' }] });
    expect(calls[0][0]).toBe('/api/v1/practitioners/7');
    expect(calls[0][1].method).toBe('PATCH');
    expect(headers()['If-Match']).toBe('"2"');
    expect(JSON.parse(String(calls[0][1].body)).absences).toEqual([{ from: '2027-03-01', to: '2027-03-05' }]);
    answer({ ...p, id: 8 }, 201);
    await api.addPractitioner({ name: 'Kim', working_hours: hours }, 'kim-1');
    expect(calls[0][0]).toBe('/api/v1/practitioners');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ name: 'Kim', working_hours: hours });
    expect(headers()['Idempotency-Key']).toBe('kim-1');
    answer({ id: 9, kind: 'room', name: 'Room 3', version: 1 }, 201);
    await api.addRoom('Room 3', 'room-1');
    await api.addDevice('Pen 3', 'pen-1');
    expect(calls.map((c) => [c[0], c[1].method, c[1].body, new Headers(c[1].headers).get('Idempotency-Key')])).toEqual([
      ['/api/v1/rooms', 'POST', '{"name":"Room 3"}', 'room-1'], ['/api/v1/devices', 'POST', '{"name":"Pen 3"}', 'pen-1'],
    ]);
  });

  it('lists the outbox by status, 100 at a time, and older ones before an id', async () => {
    answer({ items: [] });
    await api.outbox();
    await api.outbox('failed');
    await api.outbox('pending', 120);
    expect(calls.map((c) => c[0])).toEqual([
      '/api/v1/outbox?limit=100', '/api/v1/outbox?status=failed&limit=100', '/api/v1/outbox?status=pending&limit=100&before=120',
    ]);
  });

  it('lists a patient\'s kept product checks', async () => {
    answer({ items: [{ id: 1, inci: 'Aqua', result: { verdict: 'ok' } }] });
    expect((await api.productChecks(5)).items[0].result.verdict).toBe('ok');
    expect(calls[0][0]).toBe('/api/v1/patients/5/product-checks');
  });
});

describe('portal invitations', () => {
  let calls: [string, RequestInit][] = [];
  const answer = (body: unknown, status = 200) => {
    calls = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      return new Response(JSON.stringify(body), { status });
    }));
  };
  const headers = (i = 0) => calls[i][1].headers as Record<string, string>;
  afterEach(() => vi.unstubAllGlobals());
  const account = { id: 12, email: 'mira@example.test', name: 'Mira T', role: 'patient', patient_id: 5 };

  it('invites a patient with the record\'s e-mail only (never a password) and an idempotency key', async () => {
    answer(account, 201);
    const invited = await api.createPortalAccount(5, 'mira@example.test', 'invite-1');
    expect(invited.role).toBe('patient');
    expect(calls[0][0]).toBe('/api/v1/patients/5/portal-account');
    expect(calls[0][1].method).toBe('POST');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ email: 'mira@example.test' });
    expect(headers()['Idempotency-Key']).toBe('invite-1');
  });

  it('accepts an invitation with exactly the token and the password, signed out', async () => {
    answer(account);
    expect(await api.acceptInvitation('tok_EN-123', 'a long password')).toEqual(account);
    expect(calls[0][0]).toBe('/api/v1/auth/invitations/accept');
    expect(calls[0][1].method).toBe('POST');
    expect(JSON.parse(String(calls[0][1].body))).toEqual({ token: 'tok_EN-123', password: 'a long password' });
    expect(headers()['Idempotency-Key']).toBeUndefined();
  });

  it('a used or expired link comes back as an ApiError on the token', async () => {
    answer({ error: { code: 'invalid_argument', message: 'this invitation link is not valid any more (used, replaced or expired); ask the clinic for a new one', field: 'token' } }, 400);
    await expect(api.acceptInvitation('old', 'a long password')).rejects.toMatchObject({ status: 400, field: 'token' });
  });
});

describe('login', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    document.cookie = 'scarwise_csrf=; Max-Age=0; Path=/';
  });
  it('fetches the pre-session CSRF token first and echoes it (login CSRF)', async () => {
    const calls: [string, RequestInit][] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      calls.push([url, init]);
      if (url === '/api/v1/auth/csrf') {
        document.cookie = 'scarwise_csrf=pre-123; Path=/';
        return new Response(JSON.stringify({ csrf_token: 'pre-123' }), { status: 200 });
      }
      return new Response(JSON.stringify({ token: 't', user: { id: 1 }, expires_at: '', csrf_token: 'bound' }), { status: 200 });
    }));
    expect((await api.login('a@b.test', 'pw')).user).toEqual({ id: 1 });
    expect(calls.map((c) => [c[0], c[1].method])).toEqual([['/api/v1/auth/csrf', 'GET'], ['/api/v1/auth/login', 'POST']]);
    expect((calls[1][1].headers as Record<string, string>)['X-CSRF-Token']).toBe('pre-123');
  });
});
