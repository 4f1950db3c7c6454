// One function per API endpoint the app uses. Each returns the parsed answer or throws ApiError.
import { request } from './client';
import type { PlanAdjustment } from '../lib/plan_edit';
import type {
  Aftercare, Appointment, AssessmentRecord, AssessmentScores, BookingPreferences, CheckIn, CheckInAnswer,
  ClinicAlert, FaqEntry, LoginAnswer, NamedResource, MedicalHistory, Page, Patient, PatientDetails, PlanRecord, ProductCheck,
  ProductCheckRequest, ScarAssessment, ScreeningRecord, SeriesAlternative, SessionChart, User,
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

/**
 * The list in an answer: the API's lists are `{items: [...]}`; the scheduling endpoints
 * (#4) are specified by example only, so a bare array or `{alternatives|appointments: [...]}`
 * is accepted too.
 */
export function itemsOf<T>(answer: unknown): T[] {
  if (Array.isArray(answer)) return answer as T[];
  if (answer && typeof answer === 'object') {
    for (const key of ['items', 'alternatives', 'appointments']) {
      const list = (answer as Record<string, unknown>)[key];
      if (Array.isArray(list)) return list as T[];
    }
  }
  return [];
}

const list = async <T>(p: Promise<unknown>): Promise<Page<T>> => ({ items: itemsOf<T>(await p) });

export const api = {
  login: (email: string, password: string) => request<LoginAnswer>('POST', `${V1}/auth/login`, { body: { email, password } }),
  logout: () => request<void>('POST', `${V1}/auth/logout`),
  me: () => request<User>('GET', `${V1}/me`),

  listPatients: (q: string, cursor?: string) =>
    request<Page<Patient>>('GET', `${V1}/patients${query({ q, cursor, limit: 50 })}`),
  createPatient: (details: PatientDetails, idempotencyKey: string) =>
    request<Patient>('POST', `${V1}/patients`, { body: details, headers: { 'Idempotency-Key': idempotencyKey } }),
  patient: (id: number) => request<Patient>('GET', `${V1}/patients/${id}`),
  createPortalAccount: (id: number, email: string, password: string) =>
    request<User>('POST', `${V1}/patients/${id}/portal-account`, { body: { email, password } }),
  assessments: (id: number) => request<Page<AssessmentRecord>>('GET', `${V1}/patients/${id}/assessments`),
  recordAssessment: (id: number, a: ScarAssessment) =>
    request<AssessmentRecord>('POST', `${V1}/patients/${id}/assessments`, { body: a }),
  /** Scores an inventory without storing it (the consultation form's live score). */
  previewAssessment: async (a: ScarAssessment) =>
    (await request<{ result: AssessmentScores }>('POST', `${V1}/assessments/preview`, { body: a })).result,
  screenings: (id: number) => request<Page<ScreeningRecord>>('GET', `${V1}/patients/${id}/screenings`),
  recordScreening: (id: number, h: MedicalHistory) =>
    request<ScreeningRecord>('POST', `${V1}/patients/${id}/screenings`, { body: h }),
  plans: (id: number) => request<Page<PlanRecord>>('GET', `${V1}/patients/${id}/plans`),
  proposePlan: (id: number) => request<PlanRecord>('POST', `${V1}/patients/${id}/plans`),
  plan: (id: number) => request<PlanRecord>('GET', `${V1}/plans/${id}`),
  approvePlan: (plan: PlanRecord) =>
    request<PlanRecord>('POST', `${V1}/plans/${plan.id}/approve`, { headers: { 'If-Match': `"${plan.version}"` } }),
  /** Changes a proposed plan within the protocol's bounds (requested API; If-Match = the plan's version). */
  adjustPlan: (plan: PlanRecord, change: PlanAdjustment) =>
    request<PlanRecord>('PATCH', `${V1}/plans/${plan.id}`, { body: change, headers: { 'If-Match': `"${plan.version}"` } }),
  checkProduct: (body: ProductCheckRequest) => request<ProductCheck>('POST', `${V1}/product-checks`, { body }),

  // scheduling (#4)
  /** Up to five ranked series for these preferences; nothing is booked. */
  previewBookings: async (planId: number, p: BookingPreferences) =>
    itemsOf<SeriesAlternative>(await request('GET', `${V1}/plans/${planId}/bookings${query({ dry_run: true, ...p })}`)),
  book: async (planId: number, p: BookingPreferences) =>
    itemsOf<Appointment>(await request('POST', `${V1}/plans/${planId}/bookings`, { body: p })),
  /** The clinic calendar (staff): the clinic's local days [from, to), at most 92 days. */
  appointments: (from: string, to: string, filter: { practitioner?: number; room?: number } = {}) =>
    list<Appointment>(request('GET', `${V1}/appointments${query({ from, to, ...filter })}`)),
  /** One patient's appointments (the patient or staff), by time. */
  patientAppointments: (patientId: number) => list<Appointment>(request('GET', `${V1}/patients/${patientId}/appointments`)),
  /** Moves one session; with dryRun, answers where it and the reflowed later sessions would go, changing nothing. */
  reschedule: async (id: number, startsAt: string, dryRun: boolean) => {
    const answer = await request<{ appointment: Appointment | null; moved: Appointment[] }>(
      'POST', `${V1}/appointments/${id}/reschedule${query({ dry_run: dryRun || undefined })}`, { body: { starts_at: startsAt } });
    return [...(answer.appointment ? [answer.appointment] : []), ...answer.moved];
  },
  practitioners: () => list<NamedResource>(request('GET', `${V1}/practitioners`)),
  rooms: () => list<NamedResource>(request('GET', `${V1}/rooms`)),

  // session day (#5)
  appointment: (id: number) => request<Appointment & { previous_session?: SessionChart | null }>('GET', `${V1}/appointments/${id}`),
  chartSession: (appointmentId: number, chart: SessionChart) =>
    request<unknown>('POST', `${V1}/appointments/${appointmentId}/session`, { body: chart }),
  aftercare: (patientId: number, at?: string) =>
    request<Aftercare>('GET', `${V1}/patients/${patientId}/aftercare${query({ at })}`),
  checkIn: (patientId: number, c: CheckIn) =>
    request<CheckInAnswer>('POST', `${V1}/patients/${patientId}/check-ins`, { body: c }),
  alerts: (status = 'open') => list<ClinicAlert>(request('GET', `${V1}/alerts${query({ status })}`)),
  alertAction: (id: number, action: 'acknowledge' | 'resolve') =>
    request<ClinicAlert>('POST', `${V1}/alerts/${id}/${action}`),
  faq: (patientId: number) => request<Page<FaqEntry>>('GET', `${V1}/patients/${patientId}/faq`),
};

/** Download links (plain GETs the browser follows with the session cookie). */
export const links = {
  handout: (patientId: number) => `${V1}/patients/${patientId}/handout.pdf`,
  calendar: (patientId: number) => `${V1}/patients/${patientId}/calendar.ics`,
};
