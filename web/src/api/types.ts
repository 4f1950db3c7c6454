// Shapes of the Scarwise API's JSON, as the server sends them (src/http/openapi.json,
// src/http/*_routes.cpp and src/interop/json/*).

export type Role = 'admin' | 'clinician' | 'coordinator' | 'patient';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  patient_id: number | null;
  disabled?: boolean; // an account that can no longer sign in
  /** GET /me only: the clinic requires two-factor sign-in and this staff account must enrol first. */
  must_enrol_two_factor?: boolean;
}

/** GET /me/two-factor: where the signed-in staff account stands with two-factor sign-in. */
export interface TwoFactorStatus {
  enabled: boolean;
  pending: boolean; // enrolment started, not confirmed with a code yet
  required: boolean; // the clinic requires it of every staff account
  recovery_codes_left: number;
}

/** POST /me/two-factor: a new secret for the authenticator app (shown once). */
export interface TwoFactorEnrolment {
  secret_base32: string;
  otpauth_uri: string;
  qr_svg: string; // a standalone SVG document of the otpauth URI's QR code
}

/** GET/PUT /clinic/security: the clinic's sign-in policy (admin). */
export interface SecuritySettings {
  require_two_factor_for_staff: boolean;
}

/** The body of POST /users: a staff account. */
export interface NewStaffAccount {
  email: string;
  name: string;
  role: Exclude<Role, 'patient'>;
  password: string;
}


export interface LoginAnswer {
  token: string;
  user: User;
  expires_at: string;
  csrf_token: string;
}

export type Sex = 'female' | 'male' | 'other' | 'unknown';

/** The body of POST /patients (all of it) and PATCH /patients/{id} (any subset). */
export interface PatientDetails {
  given_name: string;
  family_name: string;
  birth_date: string; // YYYY-MM-DD
  sex?: Sex;
  email?: string | null;
  phone?: string | null;
  fitzpatrick: number; // 1..6
}

export interface Patient extends PatientDetails {
  id: number;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type FacialZone =
  | 'forehead' | 'temple_left' | 'temple_right' | 'nose' | 'cheek_left' | 'cheek_right'
  | 'perioral' | 'chin' | 'jaw_left' | 'jaw_right';

export const SCAR_TYPES = ['macular', 'ice_pick', 'boxcar_shallow', 'boxcar_deep', 'rolling', 'papular'] as const;
export type ScarType = (typeof SCAR_TYPES)[number];

export interface ZoneInventory {
  zone: FacialZone;
  counts: Record<ScarType, number>;
  keloid_area_cm2: number;
}

/** The body of POST /patients/{id}/assessments and /assessments/preview. */
export interface ScarAssessment {
  date: string;
  qualitative_grade: number; // Goodman & Baron qualitative grade 1..4
  zones: ZoneInventory[];
}

export interface AssessmentScores {
  goodman_baron_quantitative: number;
  goodman_baron_qualitative: number;
  quantitative_breakdown: {
    categories: { category: string; lesions: number; multiplier: number; points: number }[];
    keloid_points: number;
  };
}

export type AcneActivity = 'none' | 'mild' | 'moderate' | 'severe';
export type Isotretinoin = 'never' | 'current' | { stopped_months_ago: number };

/** One answer, by the question's type: bool, an enum option, months/weeks ago (null: never), or a course. */
export type ScreeningAnswer = boolean | string | number | null | { stopped_months_ago: number };

/**
 * The screening answers (POST /patients/{id}/screenings), keyed by the protocol's question
 * keys (GET /protocol/questions). Every question must be answered.
 */
export type MedicalHistory = Record<string, ScreeningAnswer>;

export type QuestionType = 'bool' | 'enum' | 'months_ago' | 'weeks_ago' | 'course';

/** A screening question of the clinic's protocol, with its wording. */
export interface ScreeningQuestion {
  key: string;
  type: QuestionType;
  options?: string[];
  clinician: string;
  patient: string;
  help: string;
}

/** GET /protocol/questions: the forms are generated from these. */
export interface ProtocolQuestions {
  protocol: { name: string; version: string };
  screening: ScreeningQuestion[];
  check_in_signs: { key: string; patient: string }[];
}

export type Decision = 'proceed' | 'proceed_with_precautions' | 'defer' | 'not_suitable';

export interface ScreeningFinding {
  code: string;
  decision: Decision;
  message: string;
  action: string;
  because: string;
  source: string;
  unverified: boolean;
  clinician_must_confirm?: boolean;
}

export interface ProtocolId {
  name: string;
  version: string | number;
}

export interface ScreeningResult {
  decision: Decision;
  reasons: ScreeningFinding[];
  precautions: ScreeningFinding[];
  rescreen_after: string | null;
  protocol: ProtocolId;
}

/** A stored assessment or screening: the input as sent and the result as computed. */
export interface Evaluation<In, Out> {
  id: number;
  patient_id: number;
  created_by: number;
  created_at: string;
  input: In;
  result: Out;
}
export type AssessmentRecord = Evaluation<ScarAssessment, AssessmentScores>;
export type ScreeningRecord = Evaluation<MedicalHistory, ScreeningResult>;

export interface Range {
  min: number;
  target: number;
  max: number;
}

export interface ExpectedImprovement {
  after_session: number;
  improvement_pct: { low: number; mid: number; high: number };
}

export interface TreatmentPlan {
  sessions: number;
  interval_days: Range;
  session_minutes: number;
  numbing_minutes: number;
  zones: { zone: FacialZone; needle_depth_mm: number; deep_scars: number }[];
  expected: ExpectedImprovement[];
  recommendations: { code: string; message: string; source: string }[];
  explanation: { text: string; source: string; unverified: boolean }[];
}

/** A plan proposal's document: the whole consultation review. */
export interface Review extends ScreeningResult {
  scores: AssessmentScores;
  plan: TreatmentPlan | null;
}

export type PlanStatus = 'proposed' | 'approved' | string;

export interface PlanRecord {
  id: number;
  patient_id: number;
  assessment_id: number;
  screening_id: number;
  status: PlanStatus;
  protocol: ProtocolId;
  proposal: Review;
  created_by: number;
  created_at: string;
  approved_by: number | null;
  approved_at: string | null;
  version: number;
}

export const PRODUCT_TYPES = [
  'cleanser', 'toner', 'serum', 'moisturizer', 'sunscreen', 'makeup', 'mask', 'scrub', 'peel', 'treatment', 'other',
] as const;
export type ProductType = (typeof PRODUCT_TYPES)[number];

export interface ProductCheckRequest {
  inci: string;
  day?: number;
  product_type?: ProductType;
  patient_id?: number; // without `day`, the server works out the day from the patient's last session
}

export interface ProductCheck {
  verdict: 'ok' | 'avoid';
  day: number;
  product_type: ProductType;
  categories: string[];
  findings: { ingredient: string; category: string; severity: string; ok_from_day: number; reason: string }[];
  ok_from_day: number;
  ingredients: string[];
  notes: string[];
}

/** A product check kept in the patient's record (GET /patients/{id}/product-checks), newest first. */
export interface StoredProductCheck {
  id: number;
  checked_at: string;
  checked_by: number;
  day_after_session: number;
  product_type: ProductType;
  inci: string;
  result: ProductCheck;
}

// ---- scheduling ----

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface BookingPreferences {
  weekdays: Weekday[];
  time_from: string; // HH:MM
  time_to: string;
  practitioner_id?: number;
  earliest?: string; // YYYY-MM-DD
  alternative?: number; // which previewed series to book (1 = the best)
  rebook?: boolean; // book the sessions not yet held afresh, cancelling those booked now
}

export type AppointmentStatus = 'booked' | 'cancelled' | 'no_show' | 'completed';

/** A booked (or once booked) session. Times are ISO 8601 with the clinic's UTC offset. */
export interface Appointment {
  id: number;
  plan_id: number;
  patient_id: number;
  session_number: number;
  starts_at: string;
  ends_at: string;
  practitioner_id: number;
  room_id: number;
  device_id: number;
  status: AppointmentStatus;
  sequence: number;
}

/** A session of a previewed series: not booked yet, so without an id. */
export type PlannedAppointment = Omit<Appointment, 'id'> & { id: number | null };

/** One ranked series of GET /plans/{id}/bookings?dry_run=true. */
export interface SeriesAlternative {
  rank: number;
  same_practitioner: boolean;
  same_weekday_and_time: boolean;
  gaps_days: number[];
  appointments: PlannedAppointment[];
}

export interface SeriesPreview {
  dry_run: true;
  alternatives: SeriesAlternative[];
}

/** What a reschedule, cancel or no-show could not keep (a session that no longer fits its window). */
export interface Unresolved {
  session_number: number;
  constraint: string;
  from: string; // YYYY-MM-DD
  to: string;
  message: string;
}

/**
 * The answer of reschedule, cancel and no-show (with or without dry_run): `appointment` is
 * the moved session (reschedule) or its rebooking (cancel, no-show; null when none fits,
 * id null in a dry run), `moved` the later sessions that reflow.
 */
export interface Reflow {
  dry_run: boolean;
  appointment: PlannedAppointment | null;
  moved: Appointment[];
  unresolved: Unresolved | null;
}

export type ResourceKind = 'practitioner' | 'room' | 'device';

/** Weekday → [from, to] spans ("HH:MM", on the quarter hour); a missing or empty day is closed. */
export type WeeklyHours = Partial<Record<Weekday, [string, string][]>>;

/** Whole local days away, both inclusive (YYYY-MM-DD). */
export interface Absence {
  from: string;
  to: string;
}

/** A practitioner, room or device (practitioners also carry their hours and absences). */
export interface Resource {
  id: number;
  kind: ResourceKind;
  name: string;
  version: number;
  user_id?: number | null;
  working_hours?: WeeklyHours;
  absences?: Absence[];
}

/** A booked session its practitioner can no longer keep after a change to their hours or absences. */
export type DisplacedSession = Appointment & { constraint: 'absences' | 'working_hours' };

/** The answer to PATCH /practitioners/{id}: the practitioner and the sessions to reschedule. */
export type PractitionerUpdate = Resource & { displaced_sessions: DisplacedSession[] };

/** The body of POST /practitioners (PATCH /practitioners/{id} takes name, working_hours, absences). */
export interface PractitionerInput {
  name: string;
  working_hours: WeeklyHours;
  absences?: Absence[];
  user_id?: number | null;
}

/** The body of PUT /clinic. */
export interface ClinicCalendarInput {
  time_zone: string; // IANA, e.g. Europe/Amsterdam
  opening_hours: WeeklyHours;
  closed_dates: string[]; // YYYY-MM-DD
}

/** GET /clinic: the clinic's calendar settings (409, field "clinic", when never set). */
export interface ClinicCalendar extends ClinicCalendarInput {
  version: number;
}

// ---- outbox ----

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** A reminder or alert on its way out (GET /outbox), newest first. Times are UTC ("…Z"). */
export interface OutboxMessage {
  id: number;
  kind: 'appointment_reminder' | 'aftercare_reminder' | 'check_in_reminder' | 'clinic_alert' | string;
  recipient: string;
  subject: string;
  patient_id: number | null;
  appointment_id: number | null;
  due_at: string;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  sent_at: string | null;
}

/** POST /patients/{id}/calendar-feed: the path of a feed that works without signing in. */
export interface CalendarFeed {
  path: string;
}

// ---- session day ----

export interface AftercareItem {
  code: string;
  title: string;
  allowed_from: string;
  status: 'allowed' | 'wait';
  advice: string;
  source: string;
  unverified: boolean;
  keep_up_until?: string;
}

export interface Aftercare {
  session_end: string;
  at: string;
  items: AftercareItem[];
}

/** A key of the protocol's check-in signs (GET /protocol/questions `check_in_signs`). */
export type WarningSign = string;

export interface CheckIn {
  day_after_session: number;
  redness: number; // 0..3
  swelling: number; // 0..3
  pain: number; // 0..10
  warning_signs: WarningSign[];
  products_applied: string;
  sunscreen_used: boolean;
  makeup_used: boolean;
}

export type Urgency = 'emergency' | 'urgent' | 'soon' | 'routine';

export interface ClinicAlert {
  id: number;
  patient_id: number;
  urgency: Urgency;
  code: string;
  message: string;
  source: string;
  status: 'open' | 'acknowledged' | 'resolved' | string;
  created_at: string;
}

export interface CheckInAnswer {
  alerts: ClinicAlert[];
  /** What the protocol tells the patient at once for the most urgent alert (emergency: call emergency services). */
  advice?: { urgency: Urgency; tell_patient: string } | null;
}

export type Bleeding = 'none' | 'pinpoint' | 'more';

/** A session chart (POST /appointments/{id}/session, without the screening). */
export interface SessionChart {
  started_at: string; // ISO 8601 with offset
  ended_at: string;
  device: string;
  cartridge_lot: string;
  numbing_product: string;
  numbing_minutes: number;
  zones: { zone: FacialZone; needle_depth_mm: number; passes: number }[];
  endpoint: string;
  reaction: { redness: number; swelling: number; bleeding: Bleeding };
  notes: string;
}

/** GET /patients/{id}/sessions/draft: the previous session's chart, or the plan's depths, without times. */
export type SessionDraft = Omit<SessionChart, 'started_at' | 'ended_at'>;

/** The body of POST /appointments/{id}/session: the chart and the pre-session screening. */
export type SessionChartRequest = SessionChart & { screening: MedicalHistory };

/** A charted session (the answer of POST /appointments/{id}/session). */
export interface ChartedSession {
  id: number;
  patient_id: number;
  plan_id: number;
  session_number: number;
  appointment_id: number | null;
  screening_id: number;
  charted_by: number;
  charted_at: string;
  chart: SessionChart;
  amendments: unknown[];
}

/** POST /appointments/{id}/pre-session-check: the screening is stored; may the session go ahead? */
export interface PreSessionCheck {
  screening_id: number;
  may_proceed: boolean;
  result: ScreeningResult;
}

export interface FaqEntry {
  question: string;
  answer: string;
  source?: string;
}
