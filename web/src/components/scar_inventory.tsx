// The Goodman & Baron scar inventory as a clinician enters it, at the consultation and at a
// re-assessment alike: the qualitative grade, the facial zones with scars, and for each zone
// the count of every scar type and the keloidal area. Each control is registered under the
// form path the server's error is renamed to ("cheek_left.rolling", see assessmentFieldPath),
// so a refusal lands next to its field and `useSubmit` moves the focus there.
import type { FacialZone, ScarType } from '../api/types';
import { SCAR_TYPES } from '../api/types';
import { fieldId, type FieldErrors } from '../lib/field_errors';
import { SCAR_LABELS, ZONE_LABELS } from '../lib/labels';
import { countPath, type InventoryInput } from '../lib/validation';
import { FaceZonePicker } from './face_zones';
import { RadioGroup, TextField } from './ui';

const GRADES: [string, string][] = [['1', '1 · Macular'], ['2', '2 · Mild'], ['3', '3 · Moderate'], ['4', '4 · Severe']];

/** The inventory as typed: the qualitative grade ("" = not chosen), the zones in the order picked, the counts per zone. */
export interface ScarInput {
  grade: string;
  zones: FacialZone[];
  inventory: InventoryInput;
}

export function emptyScarInput(): ScarInput {
  return { grade: '', zones: [], inventory: {} };
}

/** The form paths of the inventory's fields for the zones picked (the grade, the zones, every count and area). */
export function scarInventoryFields(zones: readonly FacialZone[]): string[] {
  return ['qualitative_grade', 'zones', ...zones.flatMap((z) => [...SCAR_TYPES, 'keloid_area_cm2' as const].map((t) => countPath(z, t)))];
}

export function ScarInventory({ form: F, heading, value, onValue, errors, clear }: {
  /** The form's id prefix (fieldId). */
  form: string;
  /** The level of the "Facial zones" heading inside the form's section. */
  heading: 'h3' | 'h4';
  value: ScarInput;
  onValue: (value: ScarInput) => void;
  errors: FieldErrors;
  /** Drops a field's error when the clinician edits it. */
  clear: (path: string) => void;
}) {
  const { grade, zones, inventory } = value;
  const Heading = heading;
  const toggleZone = (zone: FacialZone) => {
    clear('zones');
    onValue({ ...value, zones: zones.includes(zone) ? zones.filter((z) => z !== zone) : [...zones, zone] });
  };
  const setCount = (zone: FacialZone, type: ScarType | 'keloid_area_cm2') => (v: string) => {
    clear(countPath(zone, type));
    const current = inventory[zone] ?? { counts: {}, keloid_area_cm2: '' };
    onValue({
      ...value,
      inventory: {
        ...inventory,
        [zone]: type === 'keloid_area_cm2' ? { ...current, keloid_area_cm2: v } : { ...current, counts: { ...current.counts, [type]: v } },
      },
    });
  };
  const zoneCounts = Object.fromEntries(zones.map((z) => [z, SCAR_TYPES.reduce((n, t) => n + (Number(inventory[z]?.counts[t]) || 0), 0)]));
  const zonesId = fieldId(F, 'zones');
  return (
    <>
      <RadioGroup form={F} path="qualitative_grade" legend="Goodman & Baron qualitative grade" inline value={grade}
        onValue={(v) => { clear('qualitative_grade'); onValue({ ...value, grade: v }); }} error={errors.qualitative_grade} options={GRADES} />
      <Heading id={zonesId}>Facial zones</Heading>
      <p class="hint" id={`${zonesId}-hint`}>Select each zone with scars, then count the scars by type.</p>
      <FaceZonePicker selected={zones} onToggle={toggleZone} counts={zoneCounts} invalid={!!errors.zones}
        describedBy={`${zonesId}-hint${errors.zones ? ` ${zonesId}-error` : ''}`} />
      {errors.zones && <p class="field-error" id={`${zonesId}-error`}>{errors.zones}</p>}
      {zones.map((zone) => (
        <fieldset key={zone} class="zone-inventory">
          <legend>{ZONE_LABELS[zone]}</legend>
          <div class="count-grid">
            {SCAR_TYPES.map((type) => (
              <TextField key={type} form={F} path={countPath(zone, type)} label={SCAR_LABELS[type]} type="number" min="0" inputMode="numeric"
                value={inventory[zone]?.counts[type] ?? ''} placeholder="0" onValue={setCount(zone, type)} error={errors[countPath(zone, type)]} />
            ))}
            <TextField form={F} path={countPath(zone, 'keloid_area_cm2')} label="Keloidal area (cm²)" type="number" min="0" step="0.1"
              value={inventory[zone]?.keloid_area_cm2 ?? ''} placeholder="0" onValue={setCount(zone, 'keloid_area_cm2')}
              error={errors[countPath(zone, 'keloid_area_cm2')]} />
          </div>
        </fieldset>
      ))}
    </>
  );
}
