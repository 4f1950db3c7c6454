// Shapes of the Scarwise API's JSON, as the server sends them (src/http/openapi.json and
// src/interop/json/*). Types marked "upcoming" follow the issue texts of scheduling (#4)
// and session day (#5) and are checked against the server once those land on main.

export type Role = 'admin' | 'clinician' | 'coordinator' | 'patient';

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  patient_id: number | null;
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

/** The body of POST /patients/{id}/assessments (and of the upcoming /assessments/preview). */
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

/** The screening answers (POST /patients/{id}/screenings). Every question must be answered. */
export interface MedicalHistory {
  active_infection_in_area: boolean;
  active_cold_sore: boolean;
  cold_sore_history: boolean;
  keloid_tendency: boolean;
  pregnant: boolean;
  breastfeeding: boolean;
  anticoagulants: boolean;
  bleeding_disorder: boolean;
  immunosuppressed: boolean;
  skin_cancer_in_area: boolean;
  sunburn_in_area: boolean;
  inflammatory_skin_disease_in_area: boolean;
  uncontrolled_diabetes: boolean;
  topical_anesthetic_allergy: boolean;
  active_acne: AcneActivity;
  isotretinoin: Isotretinoin;
  radiation_to_area_months_ago: number | null;
  filler_or_laser_months_ago: number | null;
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
  patient_id?: number; // upcoming (#5): the server works out the day from the patient's last session
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

// ---- upcoming: scheduling (#4) ----

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface BookingPreferences {
  weekdays: Weekday[];
  time_from: string; // HH:MM
  time_to: string;
  practitioner_id?: number;
  earliest?: string; // YYYY-MM-DD
  alternative?: number; // which previewed series to book (1 = the best)
}

export type AppointmentStatus = 'booked' | 'done' | 'cancelled' | 'no_show' | string;

export interface Appointment {
  id: number;
  session_number: number;
  starts_at: string; // ISO 8601 with offset
  ends_at: string;
  practitioner_id: number;
  room_id: number;
  device_id: number;
  status: AppointmentStatus;
  patient_id?: number;
  plan_id?: number;
}

export interface SeriesAlternative {
  appointments: Appointment[];
  rank?: number;
  same_practitioner?: boolean;
  same_weekday_and_time?: boolean;
  gaps_days?: number[];
}

export interface NamedResource {
  id: number;
  name: string;
}

// ---- upcoming: session day (#5) ----

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

export const WARNING_SIGNS = [
  'pus', 'spreading_redness', 'fever', 'blisters_or_cold_sore', 'itchy_lumps', 'dark_patches', 'track_marks',
] as const;
export type WarningSign = (typeof WARNING_SIGNS)[number];

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

export type Urgency = 'urgent' | 'soon' | 'routine';

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
}

/** Session charting (POST /appointments/{id}/session); prefilled from the previous session. */
export interface SessionChart {
  device: string;
  cartridge: string;
  numbing: string;
  passes: number;
  duration_minutes: number;
  endpoint: string;
  zones: { zone: FacialZone; needle_depth_mm: number }[];
  reaction: { redness: number; swelling: number; pinpoint_bleeding: boolean };
  notes: string;
}

export interface FaqEntry {
  question: string;
  answer: string;
  source?: string;
}
