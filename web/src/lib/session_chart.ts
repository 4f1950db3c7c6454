// The session charting form's values: prefilled from the previous session's chart when
// there is one, else from the plan's needle depths, and turned back into the request body.
import type { FacialZone, SessionChart, TreatmentPlan } from '../api/types';
import type { FieldErrors } from './field_errors';

export interface ChartInput {
  device: string;
  cartridge: string;
  numbing: string;
  passes: string;
  duration_minutes: string;
  endpoint: string;
  depths: Partial<Record<FacialZone, string>>;
  redness: string;
  swelling: string;
  pinpoint_bleeding: boolean;
  notes: string;
}

/** The form's starting values: the previous chart carried forward, or the plan's depths. */
export function prefillChart(previous: SessionChart | null | undefined, plan: TreatmentPlan | null | undefined): ChartInput {
  const depths: Partial<Record<FacialZone, string>> = {};
  for (const z of previous?.zones ?? plan?.zones ?? []) depths[z.zone] = String(z.needle_depth_mm);
  return {
    device: previous?.device ?? '',
    cartridge: previous?.cartridge ?? '',
    numbing: previous?.numbing ?? '',
    passes: previous ? String(previous.passes) : '',
    duration_minutes: previous ? String(previous.duration_minutes) : plan ? String(plan.session_minutes) : '',
    endpoint: previous?.endpoint ?? '',
    depths,
    redness: '',
    swelling: '',
    pinpoint_bleeding: false,
    notes: '',
  };
}

/** The request body, or the errors by field path (the body's paths, e.g. "zones[0].needle_depth_mm" → "depth.cheek_left"). */
export function chartBody(input: ChartInput): { chart?: SessionChart; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const whole = (text: string, key: string, min: number, max: number) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) errors[key] = `Enter a whole number from ${min} to ${max}.`;
    return n;
  };
  if (!input.device.trim()) errors.device = 'Enter the device.';
  const passes = whole(input.passes, 'passes', 1, 20);
  const duration = whole(input.duration_minutes, 'duration_minutes', 1, 240);
  const redness = whole(input.redness, 'reaction.redness', 0, 3);
  const swelling = whole(input.swelling, 'reaction.swelling', 0, 3);
  const zones = Object.entries(input.depths).map(([zone, text]) => {
    const mm = Number(text);
    if (!text || !Number.isFinite(mm) || mm <= 0) errors[`depth.${zone}`] = 'Enter the depth in mm.';
    return { zone: zone as FacialZone, needle_depth_mm: mm };
  });
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    chart: {
      device: input.device.trim(), cartridge: input.cartridge.trim(), numbing: input.numbing.trim(), passes,
      duration_minutes: duration, endpoint: input.endpoint.trim(), zones,
      reaction: { redness, swelling, pinpoint_bleeding: input.pinpoint_bleeding }, notes: input.notes,
    },
  };
}
