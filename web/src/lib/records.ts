// Choices over a patient's record lists that several pages share.
import type { AnyPlan, AssessmentRecord, Appointment, PlanRecord } from '../api/types';

/** The newest record (highest id), or undefined for an empty list. */
export function newest<T extends { id: number }>(items: readonly T[]): T | undefined {
  return items.reduce<T | undefined>((best, x) => (!best || x.id > best.id ? x : best), undefined);
}

/** The plan in force: the newest approved one, else the newest proposal. */
export function currentPlan<P extends AnyPlan>(plans: readonly P[]): P | undefined {
  return newest(plans.filter((p) => p.status === 'approved')) ?? newest(plans);
}

/** True for a plan with its clinical review (what clinicians and the patient get; a coordinator gets the summary). */
export function isClinicalPlan(plan: AnyPlan): plan is PlanRecord {
  return 'assessment_id' in plan;
}

/** Assessments oldest first: the first is the baseline. */
export function chronological(assessments: readonly AssessmentRecord[]): AssessmentRecord[] {
  return [...assessments].sort((a, b) => a.input.date.localeCompare(b.input.date) || a.id - b.id);
}

/** The first booked appointment that starts at or after `nowMs`. */
export function nextAppointment(appointments: readonly Appointment[], nowMs: number): Appointment | undefined {
  return [...appointments]
    .filter((a) => a.status === 'booked' && Date.parse(a.starts_at) >= nowMs)
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))[0];
}

/** "Ada Lindqvist" */
export const fullName = (p: { given_name: string; family_name: string }) => `${p.given_name} ${p.family_name}`;

/** Today's date as YYYY-MM-DD in the browser's time zone. */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
