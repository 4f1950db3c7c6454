// The session charting form's values: prefilled from GET /patients/{id}/sessions/draft (the
// previous session's settings, or the plan's depths for a first session) and the
// appointment's times, and turned back into the request body.
import type { Appointment, Bleeding, DeviceLot, FacialZone, SessionChart, SessionDraft } from '../api/types';
import type { FieldErrors } from './field_errors';
import { localInput } from './scheduling';

export interface ZoneInput {
  zone: FacialZone;
  depth: string; // mm
  passes: string;
}

export interface ChartInput {
  started_at: string; // clinic wall clock, YYYY-MM-DDTHH:MM
  ended_at: string;
  device: string;
  cartridge_lot: string;
  numbing_product: string;
  numbing_minutes: string;
  zones: ZoneInput[];
  endpoint: string;
  redness: string;
  swelling: string;
  bleeding: Bleeding | '';
  notes: string;
  /** The glide or serum applied while needling: all three, or none of them. */
  glide_product: string;
  glide_inci: string;
  glide_sterile: 'yes' | 'no' | '';
  /** Why the session is outside the approved plan (the server asks for the one that applies). */
  early_reason: string;
  late_reason: string;
  depth_reason: string;
}

/** The reasons a chart outside the approved plan gives, by the API's member name. */
export const DEVIATION_REASONS = ['early_reason', 'late_reason', 'depth_reason'] as const;
export type DeviationReason = (typeof DEVIATION_REASONS)[number];

/**
 * Whether the draft carries a previous session forward: a first session's draft has only the
 * plan's depths (no device), a later one the whole previous chart.
 */
export function isCarriedForward(draft: SessionDraft | undefined): boolean {
  return !!draft?.device;
}

/**
 * The form's starting values. From a previous session: device, cartridge, numbing, depths,
 * passes and endpoint; from the plan: the depths and numbing time. The reaction and notes
 * are always this session's own and start empty; the times start at the appointment's.
 */
export function prefillChart(draft: SessionDraft | undefined, appointment?: Pick<Appointment, 'starts_at' | 'ends_at'>): ChartInput {
  const carried = isCarriedForward(draft);
  return {
    started_at: appointment ? localInput(appointment.starts_at) : '',
    ended_at: appointment ? localInput(appointment.ends_at) : '',
    device: draft?.device ?? '',
    cartridge_lot: draft?.cartridge_lot ?? '',
    numbing_product: draft?.numbing_product ?? '',
    numbing_minutes: draft ? String(draft.numbing_minutes) : '',
    zones: (draft?.zones ?? []).map((z) => ({ zone: z.zone, depth: String(z.needle_depth_mm), passes: carried ? String(z.passes) : '' })),
    endpoint: carried ? draft?.endpoint ?? '' : '',
    redness: '',
    swelling: '',
    bleeding: '',
    notes: '',
    // The previous session's glide is carried forward like its device; a reason never is.
    glide_product: carried ? draft?.glide?.product ?? '' : '',
    glide_inci: carried ? draft?.glide?.inci ?? '' : '',
    glide_sterile: carried && draft?.glide ? (draft.glide.sterile ? 'yes' : 'no') : '',
    early_reason: '',
    late_reason: '',
    depth_reason: '',
  };
}

/** The lots of the clinic's catalogue that may be used on `day` (YYYY-MM-DD): not expired then. */
export function usableLots(lots: readonly DeviceLot[], day: string): DeviceLot[] {
  return lots.filter((l) => !l.expires_on || !day || l.expires_on >= day);
}

/**
 * Where a refusal of a chart outside the plan belongs: the server names the deviating field
 * ("started_at", "zones[0].needle_depth_mm"; `subject` says it in words) and, in its message,
 * the reason that allows it ("…; to chart it anyway, give the depth_reason"). The message is
 * shown next to that reason's field.
 */
export function deviationError(message: string, subject: string): { path: DeviationReason; message: string } | undefined {
  const m = /^(.*); to chart it anyway, give the (early_reason|late_reason|depth_reason)$/s.exec(message);
  if (!m) return undefined;
  return { path: m[2] as DeviationReason, message: `${subject} ${m[1]}. To chart it anyway, say why here.` };
}

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The chart body, or the errors by form path ("depth.cheek_left", "passes.cheek_left",
 * "reaction.redness", …). `toIso` turns a clinic wall-clock time into ISO 8601 with offset.
 */
export function chartBody(input: ChartInput, toIso: (local: string) => string): { chart?: SessionChart; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const whole = (text: string, key: string, min: number, max: number) => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isInteger(n) || n < min || n > max) errors[key] = `Enter a whole number from ${min} to ${max}.`;
    return n;
  };
  const required = (text: string, key: string, what: string) => {
    if (!text.trim()) errors[key] = `Enter ${what}.`;
    return text.trim();
  };
  if (!LOCAL.test(input.started_at)) errors.started_at = 'Enter when the session started.';
  if (!LOCAL.test(input.ended_at)) errors.ended_at = 'Enter when the session ended.';
  else if (!errors.started_at) {
    const minutes = (Date.parse(`${input.ended_at.slice(0, 16)}Z`) - Date.parse(`${input.started_at.slice(0, 16)}Z`)) / 60_000;
    if (minutes <= 0) errors.ended_at = 'The end must be after the start.';
    else if (minutes > 12 * 60) errors.ended_at = 'The end is more than 12 hours after the start.';
  }
  const device = required(input.device, 'device', 'the device');
  const cartridge = required(input.cartridge_lot, 'cartridge_lot', 'the cartridge lot');
  const endpoint = required(input.endpoint, 'endpoint', 'the endpoint reached');
  const numbing = whole(input.numbing_minutes, 'numbing_minutes', 0, 240);
  const redness = whole(input.redness, 'reaction.redness', 0, 3);
  const swelling = whole(input.swelling, 'reaction.swelling', 0, 3);
  if (!input.bleeding) errors['reaction.bleeding'] = 'Choose the bleeding seen.';
  if (input.zones.length === 0) errors.zones = 'The plan names no treated zone; chart at least one.';
  const glideProduct = input.glide_product.trim();
  const glideInci = input.glide_inci.trim();
  const glideGiven = glideProduct !== '' || glideInci !== '' || input.glide_sterile !== '';
  if (glideGiven) {
    if (!glideProduct) errors['glide.product'] = 'Enter the product’s name (or clear the glide fields when none was used).';
    if (!glideInci) errors['glide.inci'] = 'Enter its ingredients as the label lists them (INCI).';
    if (!input.glide_sterile) errors['glide.sterile'] = 'Say whether it came sterile and single-use.';
  }
  const reasons: Partial<Record<DeviationReason, string>> = {};
  for (const key of DEVIATION_REASONS) {
    const text = input[key].trim();
    if (text.length > 1000) errors[key] = 'Keep the reason under 1000 characters.';
    else if (text) reasons[key] = text;
  }
  const zones = input.zones.map((z) => {
    const mm = Number(z.depth);
    if (z.depth.trim() === '' || !Number.isFinite(mm) || mm <= 0) errors[`depth.${z.zone}`] = 'Enter the depth in mm.';
    const passes = whole(z.passes, `passes.${z.zone}`, 1, 20);
    return { zone: z.zone, needle_depth_mm: mm, passes };
  });
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    chart: {
      started_at: toIso(input.started_at), ended_at: toIso(input.ended_at),
      device, cartridge_lot: cartridge, numbing_product: input.numbing_product.trim(), numbing_minutes: numbing,
      zones, endpoint, reaction: { redness, swelling, bleeding: input.bleeding as Bleeding }, notes: input.notes,
      ...reasons,
      ...(glideGiven ? { glide: { product: glideProduct, inci: glideInci, sterile: input.glide_sterile === 'yes' } } : {}),
    },
  };
}

/** Server path → form path: "zones[1].needle_depth_mm" → "depth.<zone 1>", "zones[1].passes" → "passes.<zone 1>". */
export function chartFieldPath(zones: readonly ZoneInput[], field: string): string {
  const m = /^zones\[(\d+)\]\.(needle_depth_mm|passes|zone)$/.exec(field);
  if (!m) return field;
  const zone = zones[Number(m[1])]?.zone;
  if (!zone) return 'zones';
  return m[2] === 'needle_depth_mm' ? `depth.${zone}` : m[2] === 'passes' ? `passes.${zone}` : 'zones';
}
