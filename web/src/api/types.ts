// Shapes of the Scarwise API's JSON, by the names the app uses. Every shape comes from the
// server's OpenAPI document (src/http/openapi.json → openapi.gen.ts, generated before each
// build and type check by scripts/openapi-types.mjs): when the server's contract changes, the
// app stops compiling where it no longer fits. Only the lists the app iterates at run time are
// written here, each checked against its generated type.
import type { Paths, Schemas } from './openapi.gen';

export type { Paths, Schemas };

/** The HTTP methods of the API, as the generated `Paths` names them. */
export type Method = 'get' | 'put' | 'post' | 'patch' | 'delete';
/** The request body of `method path` (undefined when it takes none). */
export type BodyOf<P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends { body: infer B } ? B : never;
/** The 2xx JSON answer of `method path` (void when there is none). */
export type AnswerOf<P extends keyof Paths, M extends keyof Paths[P]> = Paths[P][M] extends { answer: infer A } ? A : never;

/** A list naming every member of the union T exactly: `allOf<T>()([...])` fails to compile when the server adds or drops one. */
function allOf<T>() {
  return <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)): L => list;
}

export type Role = Schemas['Role'];
export type User = Schemas['User'];
export type TwoFactorStatus = Schemas['TwoFactorStatus'];
export type TwoFactorEnrolment = Schemas['TwoFactorEnrolment'];
export type SecuritySettings = Schemas['SecuritySettings'];
export type NewStaffAccount = Schemas['NewUser'];
export type LoginAnswer = Schemas['LoginAnswer'];

export type PatientDetails = Schemas['PatientDetails'];
export type Sex = NonNullable<PatientDetails['sex']>;
export type Patient = Schemas['Patient'];

/** One page of a list endpoint. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type FacialZone = Schemas['FacialZone'];
export type ScarType = Schemas['ScarType'];
export const SCAR_TYPES = allOf<ScarType>()(['macular', 'ice_pick', 'boxcar_shallow', 'boxcar_deep', 'rolling', 'papular']);
export type ScarAssessment = Schemas['Assessment'];
export type ZoneInventory = ScarAssessment['zones'][number];
export type AssessmentScores = Schemas['AssessmentScores'];

/** One answer, by the question's type: bool, an enum option, months/weeks ago (null: never), or a course. */
export type ScreeningAnswer = boolean | string | number | null | { stopped_months_ago: number };
/**
 * The screening answers, keyed by the clinic's protocol's question keys (GET /protocol/questions):
 * the protocol, not the app, decides the questions, so the body is a record (the OpenAPI
 * document lists the default protocol's as `History`).
 */
export type MedicalHistory = Record<string, ScreeningAnswer>;
export type ScreeningQuestion = Schemas['ScreeningQuestion'];
export type QuestionType = ScreeningQuestion['type'];
export type ProtocolQuestions = Schemas['ProtocolQuestions'];
export type Decision = Schemas['Decision'];
export type ScreeningFinding = Schemas['ScreeningFinding'];
export type ProtocolId = Schemas['ProtocolId'];
export type ScreeningResult = Schemas['ScreeningResult'];
export type AssessmentRecord = Schemas['AssessmentRecord'];
export type ScreeningRecord = Schemas['ScreeningRecord'];

export type TreatmentPlan = Schemas['TreatmentPlan'];
export type ExpectedImprovement = TreatmentPlan['expected'][number];
export type CourseProgress = Schemas['CourseProgress'];
export type Reassessment = Schemas['Reassessment'];
export type OutcomeRecord = Schemas['OutcomeRecord'];
export type Review = Schemas['Review'];
export type PlanStatus = Schemas['PlanStatus'];
/** A plan as a clinician sees it. */
export type PlanRecord = Schemas['PlanRecord'];
export type PlanPrecaution = Schemas['PlanPrecaution'];
export type AdverseEvent = Schemas['AdverseEvent'];
export type AdverseEventInput = Schemas['AdverseEventInput'];
export type AdverseEventType = Schemas['AdverseEventType'];
export type AdverseEventSeverity = Schemas['AdverseEventSeverity'];
export const ADVERSE_EVENT_SEVERITIES = allOf<AdverseEventSeverity>()(['mild', 'moderate', 'severe']);
/** A plan as a coordinator sees it (what booking needs, nothing clinical). */
export type PlanSummary = Schemas['PlanSummary'];
/** A plan as GET /plans/{id} and the plan lists answer it: the summary for a coordinator. */
export type AnyPlan = PlanRecord | PlanSummary;

export type ProductType = Schemas['ProductType'];
export const PRODUCT_TYPES = allOf<ProductType>()([
  'cleanser', 'toner', 'serum', 'moisturizer', 'sunscreen', 'makeup', 'mask', 'scrub', 'peel', 'treatment', 'other',
]);
export type ProductCheckRequest = Schemas['ProductCheckRequest'];
export type ProductCheck = Schemas['ProductCheck'];
export type StoredProductCheck = Schemas['StoredProductCheck'];

// ---- scheduling ----

export type Weekday = Schemas['Weekday'];
export const WEEKDAYS: readonly Weekday[] = allOf<Weekday>()(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
/** The booking preferences (the body of POST /plans/{id}/bookings, the query of its dry run). */
type BookingBody = BodyOf<'/api/v1/plans/{id}/bookings', 'post'>;
export type BookingPreferences = Omit<BookingBody, 'dry_run'> & Required<Pick<BookingBody, 'weekdays' | 'time_from' | 'time_to'>>;
export type AppointmentStatus = Schemas['AppointmentStatus'];
export type Appointment = Schemas['Appointment'];
export type PlannedAppointment = Schemas['PlannedAppointment'];
export type SeriesAlternative = Schemas['SeriesAlternative'];
export type SeriesPreview = Schemas['SeriesPreview'];
export type Unresolved = Schemas['Unresolved'];
export type Reflow = Schemas['Reflow'];
export type ResourceKind = Schemas['ResourceKind'];
export type WeeklyHours = Schemas['WeeklyHours'];
export type Absence = Schemas['Absence'];
export type Resource = Schemas['Resource'];
export type PractitionerUpdate = Schemas['PractitionerUpdate'];
export type DisplacedSession = PractitionerUpdate['displaced_sessions'][number];
export type PractitionerInput = BodyOf<'/api/v1/practitioners', 'post'>;
export type ClinicCalendarInput = BodyOf<'/api/v1/clinic', 'put'>;
export type ClinicCalendar = Schemas['ClinicCalendar'];
export type ClinicIdentity = Schemas['ClinicIdentity'];
export type ClinicIdentityInput = BodyOf<'/api/v1/clinic/identity', 'put'>;

// ---- outbox ----

export type OutboxStatus = Schemas['OutboxStatus'];
export const OUTBOX_STATUSES = allOf<OutboxStatus>()(['pending', 'sent', 'failed', 'skipped']);
export type OutboxMessage = Schemas['OutboxMessage'];
export type CalendarFeed = Schemas['CalendarFeed'];

// ---- session day ----

export type AftercareItem = Schemas['AftercareItem'];
export type Aftercare = Schemas['Aftercare'];
/** A key of the protocol's check-in signs (GET /protocol/questions `check_in_signs`). */
export type WarningSign = string;
/** A check-in; its signs are the clinic's protocol's keys. */
export type CheckIn = Omit<Schemas['CheckIn'], 'warning_signs'> & { warning_signs?: WarningSign[] };
export type Urgency = Schemas['Urgency'];
export type ClinicAlert = Schemas['ClinicAlert'];
export type Dashboard = Schemas['Dashboard'];
export type DashboardPatient = Schemas['DashboardPatient'];
export type CheckInAnswer = Schemas['CheckInAnswer'];
/** A session chart as stored (without the screening). */
/** A chart as the form builds it: the glide as given (the server adds its flags), the reasons for a chart outside the plan. */
export type SessionChart = Omit<Schemas['SessionChart'], 'screening'>;
/** A glide flagged by the server (not sterile, or an irritant from the product checker). */
export type GlideFlag = Schemas['GlideFlag'];
/** A cartridge lot of the clinic's catalogue (GET /device-lots). */
export type DeviceLot = Schemas['DeviceLot'];
/** A session a recall of a lot finds (GET /lots/{lot}/sessions). */
export type LotSession = Schemas['LotSession'];
export type Bleeding = SessionChart['reaction']['bleeding'];
export type SessionDraft = Schemas['SessionDraft'];
/** The body of POST /appointments/{id}/session: the chart and the pre-session screening. */
export type SessionChartRequest = Omit<Schemas['SessionChart'], 'screening'> & { screening: MedicalHistory };
export type ChartedSession = Schemas['ChartedSession'];
export type PreSessionCheck = Schemas['PreSessionCheck'];
export type FaqEntry = Schemas['FaqEntry'];

export type ConsentText = Schemas['ConsentText'];
export type Consent = Schemas['Consent'];
export type ConsentSignature = Schemas['ConsentSignature'];
export type ConsentPurpose = Consent['purpose'];
export type Photo = Schemas['Photo'];
export type PhotoView = Schemas['PhotoView'];
export type PhotoPurpose = Photo['purposes'][number];
