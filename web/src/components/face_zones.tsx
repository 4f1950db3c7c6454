// The face-zone picker: the ten facial zones laid out as on a face seen from the front
// (the patient's right on the viewer's left). Each zone is a toggle button, so the picker
// works with the keyboard and announces its state.
import type { FacialZone } from '../api/types';
import { ZONE_LABELS } from '../lib/labels';

const LAYOUT: (FacialZone | null)[] = [
  'temple_right', 'forehead', 'temple_left',
  'cheek_right', 'nose', 'cheek_left',
  'jaw_right', 'perioral', 'jaw_left',
  null, 'chin', null,
];

export function FaceZonePicker({ selected, onToggle, counts, describedBy, invalid }: {
  selected: readonly FacialZone[];
  onToggle: (zone: FacialZone) => void;
  counts: Partial<Record<FacialZone, number>>;
  describedBy?: string;
  /** The group has an error (named by one of `describedBy`'s ids). */
  invalid?: boolean;
}) {
  return (
    <div class="face" role="group" aria-label="Facial zones with scars" aria-describedby={describedBy} aria-invalid={invalid || undefined}>
      <svg class="face-outline" viewBox="0 0 300 400" aria-hidden="true" focusable="false">
        <ellipse cx="150" cy="200" rx="135" ry="185" />
      </svg>
      <div class="face-grid">
        {LAYOUT.map((zone, i) =>
          zone ? (
            <button key={zone} type="button" class="face-zone" aria-pressed={selected.includes(zone)} onClick={() => onToggle(zone)}>
              {ZONE_LABELS[zone]}
              {counts[zone] ? <span class="face-count"> · {counts[zone]} scars</span> : null}
            </button>
          ) : (
            <span key={`gap-${i}`} />
          ),
        )}
      </div>
    </div>
  );
}
