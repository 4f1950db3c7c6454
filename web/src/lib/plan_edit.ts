// Adjusting a proposed plan within the protocol's bounds. The proposal carries the interval
// window (interval_days.min..max) and `plan.bounds` (sessions and needle depth; a plan stored
// before bounds were recorded has none and is checked by the server alone): the server stays
// the authority either way.
import type { FacialZone, TreatmentPlan } from '../api/types';
import type { FieldErrors } from './field_errors';

export interface PlanAdjustInput {
  sessions: string;
  interval_days: string;
  depths: Partial<Record<FacialZone, string>>;
}

/** The body of PATCH /plans/{id}. */
export interface PlanAdjustment {
  sessions: number;
  interval_days: number;
  zones: { zone: FacialZone; needle_depth_mm: number }[];
}

export function adjustInput(plan: TreatmentPlan): PlanAdjustInput {
  return {
    sessions: String(plan.sessions),
    interval_days: String(plan.interval_days.target),
    depths: Object.fromEntries(plan.zones.map((z) => [z.zone, String(z.needle_depth_mm)])),
  };
}

/** The adjustment, or errors by field ("sessions", "interval_days", "depth.<zone>"). */
export function validateAdjustment(input: PlanAdjustInput, plan: TreatmentPlan): { adjustment?: PlanAdjustment; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const sessions = Number(input.sessions);
  const s = plan.bounds?.sessions;
  if (!Number.isInteger(sessions) || sessions < 1) errors.sessions = 'Enter a whole number of sessions.';
  else if (s && (sessions < s.min || sessions > s.max)) errors.sessions = `The protocol allows ${s.min} to ${s.max} sessions.`;
  const interval = Number(input.interval_days);
  const w = plan.interval_days;
  if (!Number.isInteger(interval) || interval < w.min || interval > w.max) errors.interval_days = `The protocol allows ${w.min} to ${w.max} days.`;
  const d = plan.bounds?.needle_depth_mm;
  const zones = Object.entries(input.depths).map(([zone, text]) => {
    const mm = Number(text);
    if (!text || !Number.isFinite(mm) || mm <= 0) errors[`depth.${zone}`] = 'Enter the depth in mm.';
    else if (d && (mm < d.min || mm > d.max)) errors[`depth.${zone}`] = `The protocol allows ${d.min} to ${d.max} mm.`;
    return { zone: zone as FacialZone, needle_depth_mm: mm };
  });
  if (Object.keys(errors).length) return { errors };
  return { errors, adjustment: { sessions, interval_days: interval, zones } };
}
