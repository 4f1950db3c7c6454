// One function per API endpoint the app uses. Each returns the parsed answer or throws ApiError.
// Every call names its endpoint as the server's OpenAPI document does (`call`), so the paths,
// bodies and answers are the generated types of src/http/openapi.json.
import { call, request, uploadFile } from './client';
import type { PlanAdjustment } from '../lib/plan_edit';
import type {
  AdverseEventInput, BookingPreferences, CheckIn, ClinicCalendarInput, ClinicIdentityInput, MedicalHistory, NewStaffAccount, OutboxStatus, PatientDetails, PlanRecord,
  ConsentPurpose, ConsentSignature, Photo, PhotoPurpose, PractitionerInput, ProductCheckRequest, Reassessment, Resource, ScarAssessment, Schemas, SessionChartRequest,
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

function idempotent(key: string): Record<string, string> {
  return { 'Idempotency-Key': key };
}

/**
 * Screening answers as the document's `History`: the keys are the clinic's protocol's (the
 * document lists the default protocol's), so the record goes as it is.
 */
function asHistory(answers: MedicalHistory): Schemas['History'] {
  return answers as unknown as Schemas['History'];
}

function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` };
}

export const api = {
  /**
   * Signs in; `code` (a TOTP or recovery code) once the server asked for it (401, field "code").
   * Login CSRF: the server wants a browser's sign-in to echo the pre-session token of
   * GET /auth/csrf, which it sets as the scarwise_csrf cookie; `request` sends that cookie back
   * as X-CSRF-Token (a write). The answer binds a new token to the session.
   */
  login: async (email: string, password: string, code?: string) => {
    await call('get', '/api/v1/auth/csrf');
    return call('post', '/api/v1/auth/login', { body: code ? { email, password, code } : { email, password } });
  },
  logout: () => call('post', '/api/v1/auth/logout'),
  me: () => call('get', '/api/v1/me'),
  /** Changes the signed-in user's password (the current one is required); the account's other sessions end. */
  changePassword: (currentPassword: string, newPassword: string) =>
    call('post', '/api/v1/me/password', { body: { current_password: currentPassword, new_password: newPassword } }),
  /** The clinician's start page in one request: patients with course state and next session, the day's sessions, open alerts. */
  dashboard: (day: string, cursor?: string) => call('get', '/api/v1/dashboard', { query: query({ day, cursor, limit: 1000 }) }),
  /** The patient's portal account and its state (invited, active, disabled), or null. */
  portalAccount: (id: number) => call('get', '/api/v1/patients/{id}/portal-account', { params: { id } }),
  /** Sets the password of an invited portal account (no sign-in needed); 400 field "token" when the link is used, replaced or expired. */
  acceptInvitation: (token: string, password: string) => call('post', '/api/v1/auth/invitations/accept', { body: { token, password } }),
  /** Patients from a CSV file: a dry run, or written when every row is valid, or the valid rows. */
  importPatients: (csv: string, mode: 'dry_run' | 'all_valid' | 'valid_rows') =>
    request<Schemas['PatientImport']>('POST', `${V1}/imports/patients${query({ mode })}`, { raw: { text: csv, contentType: 'text/csv' } }),
  /** Every account (admin), in id order; `after` = the previous page's next_cursor. */
  users: (after?: string) => call('get', '/api/v1/users', { query: query({ after, limit: 100 }) }),
  addStaffAccount: (account: NewStaffAccount, idempotencyKey: string) =>
    call('post', '/api/v1/users', { body: account, headers: idempotent(idempotencyKey) }),
  /** Disables an account (it cannot sign in; its sessions end at once) or enables it again (admin). */
  setAccountDisabled: (id: number, disabled: boolean) => call('patch', '/api/v1/users/{id}', { params: { id }, body: { disabled } }),

  listPatients: (q: string, cursor?: string) => call('get', '/api/v1/patients', { query: query({ q, cursor, limit: 50 }) }),
  createPatient: (details: PatientDetails, idempotencyKey: string) =>
    call('post', '/api/v1/patients', { body: details, headers: idempotent(idempotencyKey) }),
  patient: (id: number) => call('get', '/api/v1/patients/{id}', { params: { id } }),
  /**
   * Opens the patient's portal account by invitation (or invites again: older links stop
   * working): the server e-mails the patient a single-use link to choose a password. `email`
   * must be the address on the patient's record; staff never choose the password.
   */
  createPortalAccount: (id: number, email: string, idempotencyKey: string) =>
    call('post', '/api/v1/patients/{id}/portal-account', { params: { id }, body: { email }, headers: idempotent(idempotencyKey) }),
  assessments: (id: number) => call('get', '/api/v1/patients/{id}/assessments', { params: { id } }),
  recordAssessment: (id: number, a: ScarAssessment, idempotencyKey: string) =>
    call('post', '/api/v1/patients/{id}/assessments', { params: { id }, body: a, headers: idempotent(idempotencyKey) }),
  /** Scores an inventory without storing it (the consultation form's live score). */
  previewAssessment: async (a: ScarAssessment) => (await call('post', '/api/v1/assessments/preview', { body: a })).result,
  screenings: (id: number) => call('get', '/api/v1/patients/{id}/screenings', { params: { id } }),
  recordScreening: (id: number, h: MedicalHistory, idempotencyKey: string) =>
    call('post', '/api/v1/patients/{id}/screenings', { params: { id }, body: asHistory(h), headers: idempotent(idempotencyKey) }),
  plans: (id: number) => call('get', '/api/v1/patients/{id}/plans', { params: { id } }),
  proposePlan: (id: number, idempotencyKey: string) =>
    call('post', '/api/v1/patients/{id}/plans', { params: { id }, headers: idempotent(idempotencyKey) }),
  plan: (id: number) => call('get', '/api/v1/plans/{id}', { params: { id } }),
  approvePlan: (plan: PlanRecord) =>
    call('post', '/api/v1/plans/{id}/approve', { params: { id: plan.id }, headers: ifMatch(plan.version) }),
  /** The plan's precautions, what each asks to record, and the record once made. */
  planPrecautions: async (id: number) => (await call('get', '/api/v1/plans/{id}/precautions', { params: { id } })).items,
  /** Records a precaution for the plan (clinician): 400 names the field (details.KEY). */
  recordPrecaution: (id: number, code: string, details: Record<string, string | boolean>) =>
    call('post', '/api/v1/plans/{id}/precautions', { params: { id }, body: { code, details } }),
  /** Changes a proposed plan within the protocol's bounds (If-Match = the plan's version). */
  adjustPlan: (plan: PlanRecord, change: PlanAdjustment) =>
    call('patch', '/api/v1/plans/{id}', { params: { id: plan.id }, body: change, headers: ifMatch(plan.version) }),
  /** Checks a product; with `patient_id` the check is also kept in that patient's record. */
  checkProduct: (body: ProductCheckRequest) => call('post', '/api/v1/product-checks', { body }),
  /** The product checks kept for a patient (the patient or staff), newest first. */
  productChecks: (patientId: number) => call('get', '/api/v1/patients/{id}/product-checks', { params: { id: patientId } }),

  // scheduling
  /** Up to five ranked series for these preferences; nothing is booked. 409 (field = the constraint) when none fits. */
  previewBookings: async (planId: number, p: BookingPreferences) =>
    (await call('get', '/api/v1/plans/{id}/bookings', { params: { id: planId }, query: query({ dry_run: true, ...p }) })).alternatives,
  /** Books the series (`alternative` = which of the previewed ones, 1 = the best): its sessions, then the follow-up visit booked with them (when one fits). */
  book: async (planId: number, p: BookingPreferences, idempotencyKey: string) => {
    const booked = await call('post', '/api/v1/plans/{id}/bookings', { params: { id: planId }, body: p, headers: idempotent(idempotencyKey) });
    return booked.follow_up ? [...booked.appointments, booked.follow_up] : booked.appointments;
  },
  /** The clinic calendar (staff): the clinic's local days [from, to), at most 92 days. */
  appointments: (from: string, to: string, filter: { practitioner?: number; room?: number } = {}) =>
    call('get', '/api/v1/appointments', { query: query({ from, to, ...filter }) }),
  appointment: (id: number) => call('get', '/api/v1/appointments/{id}', { params: { id } }),
  /** One patient's appointments (the patient or staff), by time. */
  patientAppointments: (patientId: number) => call('get', '/api/v1/patients/{id}/appointments', { params: { id: patientId } }),
  /** Moves one session; the later ones reflow. With dryRun, answers what would happen and changes nothing. */
  reschedule: (id: number, startsAt: string, dryRun: boolean, practitionerId?: number) =>
    call('post', '/api/v1/appointments/{id}/reschedule', {
      params: { id }, query: query({ dry_run: dryRun || undefined }),
      body: { starts_at: startsAt, ...(practitionerId ? { practitioner_id: practitionerId } : {}) },
    }),
  /** Cancels a session or records a no-show: it is rebooked within its window and the later ones reflow. */
  closeAppointment: (id: number, how: 'cancel' | 'no-show', dryRun: boolean) =>
    call('post', how === 'cancel' ? '/api/v1/appointments/{id}/cancel' : '/api/v1/appointments/{id}/no-show',
      { params: { id }, query: query({ dry_run: dryRun || undefined }) }),
  practitioners: () => call('get', '/api/v1/practitioners'),
  rooms: () => call('get', '/api/v1/rooms'),
  devices: () => call('get', '/api/v1/devices'),
  clinic: () => call('get', '/api/v1/clinic'),
  /** The clinic's name, address, phone, e-mail, time zone and logo address (no sign-in needed). */
  clinicIdentity: () => call('get', '/api/v1/clinic/identity'),
  /** Sets the clinic's identity (admin); `logo`: absent keeps it, null removes it, a data: URL replaces it. */
  saveClinicIdentity: (body: ClinicIdentityInput, version?: number) =>
    call('put', '/api/v1/clinic/identity', { body, headers: version !== undefined ? ifMatch(version) : {} }),

  // clinic settings (admin)
  /** Sets the clinic's calendar; with `version` (If-Match) a 412 says someone else changed it meanwhile. */
  saveClinic: (body: ClinicCalendarInput, version?: number) =>
    call('put', '/api/v1/clinic', { body, headers: version !== undefined ? ifMatch(version) : {} }),
  addPractitioner: (body: PractitionerInput, idempotencyKey: string) =>
    call('post', '/api/v1/practitioners', { body, headers: idempotent(idempotencyKey) }),
  /** Replaces a practitioner's name, weekly hours and absences (If-Match = the version shown; 412 when it changed). */
  updatePractitioner: (practitioner: Resource, body: Required<Pick<PractitionerInput, 'name' | 'working_hours' | 'absences'>>) =>
    call('patch', '/api/v1/practitioners/{id}', { params: { id: practitioner.id }, body, headers: ifMatch(practitioner.version) }),
  addRoom: (name: string, idempotencyKey: string) => call('post', '/api/v1/rooms', { body: { name }, headers: idempotent(idempotencyKey) }),
  addDevice: (name: string, idempotencyKey: string) => call('post', '/api/v1/devices', { body: { name }, headers: idempotent(idempotencyKey) }),

  /** Reminders and alerts on their way out (staff), newest first; `before` = a message id, for older ones. */
  outbox: (status?: OutboxStatus, before?: number, limit = 100) => call('get', '/api/v1/outbox', { query: query({ status, limit, before }) }),
  /** A message that could not be delivered, tried again at once (409 unless it is failed). */
  retryMessage: (id: number) => call('post', '/api/v1/outbox/{id}/retry', { params: { id } }),
  /** A calendar feed URL for the patient that works without signing in (path only). */
  calendarFeed: (patientId: number) => call('post', '/api/v1/patients/{id}/calendar-feed', { params: { id: patientId } }),

  // session day
  /** The chart to start from: the previous session's settings, or the plan's depths. */
  sessionDraft: (patientId: number) => call('get', '/api/v1/patients/{id}/sessions/draft', { params: { id: patientId } }),
  /** Stores a screening for the appointment's patient and says whether the session may go ahead. */
  preSessionCheck: (appointmentId: number, history: MedicalHistory, idempotencyKey: string) =>
    call('post', '/api/v1/appointments/{id}/pre-session-check', { params: { id: appointmentId }, body: asHistory(history), headers: idempotent(idempotencyKey) }),
  /** Charts the appointment's session (with the screening again); the appointment becomes completed. */
  chartSession: (appointmentId: number, body: SessionChartRequest, idempotencyKey: string) =>
    call('post', '/api/v1/appointments/{id}/session', { params: { id: appointmentId }, body: { ...body, screening: asHistory(body.screening) }, headers: idempotent(idempotencyKey) }),
  /** The patient's charted sessions (the patient, clinicians and admins; a coordinator is refused). */
  sessions: (patientId: number) => call('get', '/api/v1/patients/{id}/sessions', { params: { id: patientId } }),
  aftercare: (patientId: number, at?: string) => call('get', '/api/v1/patients/{id}/aftercare', { params: { id: patientId }, query: query({ at }) }),
  checkIn: (patientId: number, c: CheckIn, idempotencyKey: string) =>
    call('post', '/api/v1/patients/{id}/check-ins', { params: { id: patientId }, body: c as Schemas['CheckIn'], headers: idempotent(idempotencyKey) }),
  alerts: (status = 'open') => call('get', '/api/v1/alerts', { query: query({ status }) }),
  alertAction: (id: number, action: 'acknowledge' | 'resolve') =>
    call('post', action === 'acknowledge' ? '/api/v1/alerts/{id}/acknowledge' : '/api/v1/alerts/{id}/resolve', { params: { id } }),
  /** The clinic's cartridge catalogue (admin, clinician): the lots a chart may name. */
  deviceLots: () => call('get', '/api/v1/device-lots'),
  /** Adds a lot to the catalogue (admin); 409 naming `lot` when it is listed already. */
  addDeviceLot: (body: { device: string; lot: string; expires_on: string | null }) => call('post', '/api/v1/device-lots', { body }),
  /** A recall: every charted session that used the lot (admin, clinician). */
  lotSessions: (lot: string, cursor?: string) => call('get', '/api/v1/lots/{lot}/sessions', { params: { lot }, query: query({ limit: 1000, cursor }) }),
  /** Records an adverse event of the patient (clinician). */
  recordAdverseEvent: (patientId: number, body: AdverseEventInput) =>
    call('post', '/api/v1/patients/{id}/adverse-events', { params: { id: patientId }, body }),
  /** The protocol's adverse-event types, each with the alerts it is usually raised from. */
  adverseEventTypes: () => call('get', '/api/v1/protocol/adverse-event-types'),
  /** Records an alert as an adverse event in one step, prefilled from it (clinician). */
  adverseEventFromAlert: (alertId: number, body: AdverseEventInput) =>
    call('post', '/api/v1/alerts/{id}/adverse-events', { params: { id: alertId }, body }),
  /** The clinic's adverse-event register, newest first; `cursor` = the previous page's next_cursor. */
  adverseEvents: (cursor?: string, limit = 50) => call('get', '/api/v1/adverse-events', { query: query({ limit, cursor }) }),
  /** One patient's adverse events, newest first. */
  patientAdverseEvents: (id: number) => call('get', '/api/v1/patients/{id}/adverse-events', { params: { id } }),
  /** The clinic's protocol's questions: the screening and check-in forms are generated from them. */
  protocolQuestions: () => call('get', '/api/v1/protocol/questions'),
  faq: (patientId: number) => call('get', '/api/v1/patients/{id}/faq', { params: { id: patientId } }),
  /** The course against the predicted band, with the server's behind flag (issue 21). */
  progress: (patientId: number) => call('get', '/api/v1/patients/{id}/progress', { params: { id: patientId } }),
  reassess: (patientId: number, body: Reassessment) =>
    call('post', '/api/v1/patients/{id}/reassessments', { params: { id: patientId }, body }),
  outcome: (patientId: number) => call('get', '/api/v1/patients/{id}/outcome', { params: { id: patientId } }),

  // consent
  /** The protocol's current consent texts, one per purpose, each with the SHA-256 of its words. */
  consentTexts: () => call('get', '/api/v1/consent-texts'),
  /** The patient's consents, newest first (withdrawn ones too). */
  consents: (patientId: number) => call('get', '/api/v1/patients/{id}/consents', { params: { id: patientId } }),
  signConsent: (patientId: number, body: ConsentSignature) =>
    call('post', '/api/v1/patients/{id}/consents', { params: { id: patientId }, body }),
  /** Withdraws the current consent for `purpose` at once; answers the consents after it. */
  /** The protocol's standard views, taken at every visit under the same light. */
  photoViews: () => call('get', '/api/v1/photo-views'),
  /** The patient's photos with signed links (valid for 10 minutes, for this user only). */
  photos: (patientId: number) => call('get', '/api/v1/patients/{id}/photos', { params: { id: patientId } }),
  /** Uploads a photo (the file itself is the body); a follow-up is aligned to its view's baseline. */
  uploadPhoto: (patientId: number, view: string, visit: number, purposes: PhotoPurpose[], file: Blob) =>
    uploadFile<Photo>(`${V1}/patients/${patientId}/photos${query({ view, visit, purposes })}`, file),
  withdrawConsent: (patientId: number, purpose: ConsentPurpose) =>
    call('post', '/api/v1/patients/{id}/consents/withdraw', { params: { id: patientId }, body: { purpose } }),
};

/** Download links (plain GETs the browser follows with the session cookie). */
export const links = {
  handout: (patientId: number) => `${V1}/patients/${patientId}/handout.pdf`,
  calendar: (patientId: number) => `${V1}/patients/${patientId}/calendar.ics`,
  consentPdf: (patientId: number, consentId: number) => `${V1}/patients/${patientId}/consents/${consentId}/pdf`,
};

/** The absolute URL of a path the server answers with (e.g. a calendar feed), for copying into another app. */
export function absoluteUrl(path: string, origin: string): string {
  return new URL(path, origin).toString();
}
