// One function per API endpoint the app uses. Each returns the parsed answer or throws ApiError.
import { request } from './client';
import type { PlanAdjustment } from '../lib/plan_edit';
import type {
  Aftercare, Appointment, AssessmentRecord, AssessmentScores, BookingPreferences, CalendarFeed, ChartedSession, CheckIn,
  CheckInAnswer, ClinicAlert, ClinicCalendar, ClinicCalendarInput, FaqEntry, LoginAnswer, MedicalHistory, Page, ProtocolQuestions, Patient, PatientDetails,
  OutboxMessage, OutboxStatus, PlanRecord, PractitionerInput, PractitionerUpdate, PreSessionCheck, ProductCheck, ProductCheckRequest, Reflow,
  NewStaffAccount, Resource, ScarAssessment, ScreeningRecord, SeriesPreview, SessionChartRequest, SessionDraft, StoredProductCheck, User,
} from './types';

const V1 = '/api/v1';

/** "?a=1&b=2" from the defined, non-empty entries of `params` ("" when none). */
export function query(params: Record<string, string | number | boolean | string[] | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    search.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export const api = {
  /**
   * Signs in; `code` (a TOTP or recovery code) once the server asked for it (401, field "code").
   * Login CSRF: the server wants a browser's sign-in to echo the pre-session token of
   * GET /auth/csrf, which it sets as the scarwise_csrf cookie; `request` sends that cookie back
   * as X-CSRF-Token (a write). The answer binds a new token to the session.
   */
  login: async (email: string, password: string, code?: string) => {
    await request<{ csrf_token: string }>('GET', `${V1}/auth/csrf`);
    return request<LoginAnswer>('POST', `${V1}/auth/login`, { body: code ? { email, password, code } : { email, password } });
  },
  logout: () => request<void>('POST', `${V1}/auth/logout`),
  me: () => request<User>('GET', `${V1}/me`),
  /** Sets the password of an invited portal account (no sign-in needed); 400 field "token" when the link is used, replaced or expired. */
  acceptInvitation: (token: string, password: string) =>
    request<User>('POST', `${V1}/auth/invitations/accept`, { body: { token, password } }),
  /** Every account (admin), in id order; `after` = the previous page's next_cursor. */
  users: (after?: string) => request<Page<User>>('GET', `${V1}/users${query({ after, limit: 100 })}`),
  addStaffAccount: (account: NewStaffAccount, idempotencyKey: string) =>
    request<User>('POST', `${V1}/users`, { body: account, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** Disables an account (it cannot sign in; its sessions end at once) or enables it again (admin). */
  setAccountDisabled: (id: number, disabled: boolean) => request<User>('PATCH', `${V1}/users/${id}`, { body: { disabled } }),

  listPatients: (q: string, cursor?: string) =>
    request<Page<Patient>>('GET', `${V1}/patients${query({ q, cursor, limit: 50 })}`),
  createPatient: (details: PatientDetails, idempotencyKey: string) =>
    request<Patient>('POST', `${V1}/patients`, { body: details, headers: { 'Idempotency-Key': idempotencyKey } }),
  patient: (id: number) => request<Patient>('GET', `${V1}/patients/${id}`),
  /**
   * Opens the patient's portal account by invitation (or invites again: older links stop
   * working): the server e-mails the patient a single-use link to choose a password. `email`
   * must be the address on the patient's record; staff never choose the password.
   */
  createPortalAccount: (id: number, email: string, idempotencyKey: string) =>
    request<User>('POST', `${V1}/patients/${id}/portal-account`,
      { body: { email }, headers: { 'Idempotency-Key': idempotencyKey } }),
  assessments: (id: number) => request<Page<AssessmentRecord>>('GET', `${V1}/patients/${id}/assessments`),
  recordAssessment: (id: number, a: ScarAssessment, idempotencyKey: string) =>
    request<AssessmentRecord>('POST', `${V1}/patients/${id}/assessments`, { body: a, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** Scores an inventory without storing it (the consultation form's live score). */
  previewAssessment: async (a: ScarAssessment) =>
    (await request<{ result: AssessmentScores }>('POST', `${V1}/assessments/preview`, { body: a })).result,
  screenings: (id: number) => request<Page<ScreeningRecord>>('GET', `${V1}/patients/${id}/screenings`),
  recordScreening: (id: number, h: MedicalHistory, idempotencyKey: string) =>
    request<ScreeningRecord>('POST', `${V1}/patients/${id}/screenings`, { body: h, headers: { 'Idempotency-Key': idempotencyKey } }),
  plans: (id: number) => request<Page<PlanRecord>>('GET', `${V1}/patients/${id}/plans`),
  proposePlan: (id: number, idempotencyKey: string) =>
    request<PlanRecord>('POST', `${V1}/patients/${id}/plans`, { headers: { 'Idempotency-Key': idempotencyKey } }),
  plan: (id: number) => request<PlanRecord>('GET', `${V1}/plans/${id}`),
  approvePlan: (plan: PlanRecord) =>
    request<PlanRecord>('POST', `${V1}/plans/${plan.id}/approve`, { headers: { 'If-Match': `"${plan.version}"` } }),
  /** Changes a proposed plan within the protocol's bounds (requested API; If-Match = the plan's version). */
  adjustPlan: (plan: PlanRecord, change: PlanAdjustment) =>
    request<PlanRecord>('PATCH', `${V1}/plans/${plan.id}`, { body: change, headers: { 'If-Match': `"${plan.version}"` } }),
  /** Checks a product; with `patient_id` the check is also kept in that patient's record. */
  checkProduct: (body: ProductCheckRequest) => request<ProductCheck>('POST', `${V1}/product-checks`, { body }),
  /** The product checks kept for a patient (the patient or staff), newest first. */
  productChecks: (patientId: number) => request<Page<StoredProductCheck>>('GET', `${V1}/patients/${patientId}/product-checks`),

  // scheduling
  /** Up to five ranked series for these preferences; nothing is booked. 409 (field = the constraint) when none fits. */
  previewBookings: async (planId: number, p: BookingPreferences) =>
    (await request<SeriesPreview>('GET', `${V1}/plans/${planId}/bookings${query({ dry_run: true, ...p })}`)).alternatives,
  /** Books the series (`alternative` = which of the previewed ones, 1 = the best). */
  book: async (planId: number, p: BookingPreferences, idempotencyKey: string) =>
    (await request<{ appointments: Appointment[] }>('POST', `${V1}/plans/${planId}/bookings`,
      { body: p, headers: { 'Idempotency-Key': idempotencyKey } })).appointments,
  /** The clinic calendar (staff): the clinic's local days [from, to), at most 92 days. */
  appointments: (from: string, to: string, filter: { practitioner?: number; room?: number } = {}) =>
    request<Page<Appointment>>('GET', `${V1}/appointments${query({ from, to, ...filter })}`),
  appointment: (id: number) => request<Appointment>('GET', `${V1}/appointments/${id}`),
  /** One patient's appointments (the patient or staff), by time. */
  patientAppointments: (patientId: number) => request<Page<Appointment>>('GET', `${V1}/patients/${patientId}/appointments`),
  /** Moves one session; the later ones reflow. With dryRun, answers what would happen and changes nothing. */
  reschedule: (id: number, startsAt: string, dryRun: boolean, practitionerId?: number) =>
    request<Reflow>('POST', `${V1}/appointments/${id}/reschedule${query({ dry_run: dryRun || undefined })}`,
      { body: { starts_at: startsAt, ...(practitionerId ? { practitioner_id: practitionerId } : {}) } }),
  /** Cancels a session or records a no-show: it is rebooked within its window and the later ones reflow. */
  closeAppointment: (id: number, how: 'cancel' | 'no-show', dryRun: boolean) =>
    request<Reflow>('POST', `${V1}/appointments/${id}/${how}${query({ dry_run: dryRun || undefined })}`),
  practitioners: () => request<Page<Resource>>('GET', `${V1}/practitioners`),
  rooms: () => request<Page<Resource>>('GET', `${V1}/rooms`),
  devices: () => request<Page<Resource>>('GET', `${V1}/devices`),
  clinic: () => request<ClinicCalendar>('GET', `${V1}/clinic`),

  // clinic settings (admin)
  /** Sets the clinic's calendar; with `version` (If-Match) a 412 says someone else changed it meanwhile. */
  saveClinic: (body: ClinicCalendarInput, version?: number) =>
    request<ClinicCalendar>('PUT', `${V1}/clinic`, { body, headers: version !== undefined ? { 'If-Match': `"${version}"` } : {} }),
  addPractitioner: (body: PractitionerInput, idempotencyKey: string) =>
    request<Resource>('POST', `${V1}/practitioners`, { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** Replaces a practitioner's name, weekly hours and absences (If-Match = the version shown; 412 when it changed). */
  updatePractitioner: (practitioner: Resource, body: Required<Pick<PractitionerInput, 'name' | 'working_hours' | 'absences'>>) =>
    request<PractitionerUpdate>('PATCH', `${V1}/practitioners/${practitioner.id}`, { body, headers: { 'If-Match': `"${practitioner.version}"` } }),
  addRoom: (name: string, idempotencyKey: string) =>
    request<Resource>('POST', `${V1}/rooms`, { body: { name }, headers: { 'Idempotency-Key': idempotencyKey } }),
  addDevice: (name: string, idempotencyKey: string) =>
    request<Resource>('POST', `${V1}/devices`, { body: { name }, headers: { 'Idempotency-Key': idempotencyKey } }),

  /** Reminders and alerts on their way out (staff), newest first; `before` = a message id, for older ones. */
  outbox: (status?: OutboxStatus, before?: number, limit = 100) =>
    request<Page<OutboxMessage>>('GET', `${V1}/outbox${query({ status, limit, before })}`),
  /** A message that could not be delivered, tried again at once (409 unless it is failed). */
  retryMessage: (id: number) => request<OutboxMessage>('POST', `${V1}/outbox/${id}/retry`),
  /** A calendar feed URL for the patient that works without signing in (path only). */
  calendarFeed: (patientId: number) => request<CalendarFeed>('POST', `${V1}/patients/${patientId}/calendar-feed`),

  // session day
  /** The chart to start from: the previous session's settings, or the plan's depths. */
  sessionDraft: (patientId: number) => request<SessionDraft>('GET', `${V1}/patients/${patientId}/sessions/draft`),
  /** Stores a screening for the appointment's patient and says whether the session may go ahead. */
  preSessionCheck: (appointmentId: number, history: MedicalHistory, idempotencyKey: string) =>
    request<PreSessionCheck>('POST', `${V1}/appointments/${appointmentId}/pre-session-check`,
      { body: history, headers: { 'Idempotency-Key': idempotencyKey } }),
  /** Charts the appointment's session (with the screening again); the appointment becomes completed. */
  chartSession: (appointmentId: number, body: SessionChartRequest, idempotencyKey: string) =>
    request<ChartedSession>('POST', `${V1}/appointments/${appointmentId}/session`,
      { body, headers: { 'Idempotency-Key': idempotencyKey } }),
  aftercare: (patientId: number, at?: string) =>
    request<Aftercare>('GET', `${V1}/patients/${patientId}/aftercare${query({ at })}`),
  checkIn: (patientId: number, c: CheckIn, idempotencyKey: string) =>
    request<CheckInAnswer>('POST', `${V1}/patients/${patientId}/check-ins`, { body: c, headers: { 'Idempotency-Key': idempotencyKey } }),
  alerts: (status = 'open') => request<Page<ClinicAlert>>('GET', `${V1}/alerts${query({ status })}`),
  alertAction: (id: number, action: 'acknowledge' | 'resolve') =>
    request<ClinicAlert>('POST', `${V1}/alerts/${id}/${action}`),
  protocolQuestions: () => request<ProtocolQuestions>('GET', `${V1}/protocol/questions`),
  faq: (patientId: number) => request<Page<FaqEntry>>('GET', `${V1}/patients/${patientId}/faq`),
};

/** Download links (plain GETs the browser follows with the session cookie). */
export const links = {
  handout: (patientId: number) => `${V1}/patients/${patientId}/handout.pdf`,
  calendar: (patientId: number) => `${V1}/patients/${patientId}/calendar.ics`,
};

/** The absolute URL of a path the server answers with (e.g. a calendar feed), for copying into another app. */
export function absoluteUrl(path: string, origin: string): string {
  return new URL(path, origin).toString();
}
