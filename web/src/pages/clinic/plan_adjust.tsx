// The plan review's "adjust" form: sessions, interval and needle depth per zone, checked
// against the protocol's bounds before the change is sent.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { FacialZone, PlanRecord } from '../../api/types';
import { Button, Notice, TextField } from '../../components/ui';
import { ZONE_LABELS } from '../../lib/labels';
import { adjustInput, validateAdjustment } from '../../lib/plan_edit';
import { useSubmit } from '../../lib/submit';

const F = 'adjust';

export function PlanAdjustForm({ plan, onSaved }: { plan: PlanRecord; onSaved: (p: PlanRecord) => void }) {
  const proposal = plan.proposal.plan!;
  const [input, setInput] = useState(() => adjustInput(proposal));
  const zones = Object.keys(input.depths) as FacialZone[];
  const form = useSubmit({
    fields: ['sessions', 'interval_days', ...zones.map((z) => `depth.${z}`)],
    rename: (f) => {
      const m = /^zones\[(\d+)\]\.needle_depth_mm$/.exec(f);
      return m && zones[Number(m[1])] ? `depth.${zones[Number(m[1])]}` : f;
    },
  });
  const { errors, busy, clear } = form;

  const submit = (e: Event) => {
    e.preventDefault();
    const { adjustment, errors: local } = validateAdjustment(input, proposal);
    if (!form.check(local) || !adjustment) return;
    return form.run(async () => {
      onSaved(await api.adjustPlan(plan, adjustment));
      return 'summary-h';
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <div class="form-grid">
        <TextField form={F} path="sessions" label="Sessions" type="number" min="1" value={input.sessions} error={errors.sessions}
          onValue={(v) => { clear('sessions'); setInput({ ...input, sessions: v }); }} />
        <TextField form={F} path="interval_days" label={`Interval (days, ${proposal.interval_days.min}–${proposal.interval_days.max})`} type="number"
          min={String(proposal.interval_days.min)} value={input.interval_days} error={errors.interval_days}
          onValue={(v) => { clear('interval_days'); setInput({ ...input, interval_days: v }); }} />
        {zones.map((z) => (
          <TextField key={z} form={F} path={`depth.${z}`} label={`${ZONE_LABELS[z]}: needle depth (mm)`} type="number" step="0.1" min="0"
            value={input.depths[z] ?? ''} error={errors[`depth.${z}`]}
            onValue={(v) => { clear(`depth.${z}`); setInput({ ...input, depths: { ...input.depths, [z]: v } }); }} />
        ))}
      </div>
      <Button type="submit" variant="secondary" busy={busy} busyLabel="Saving the change…">Save the adjustment</Button>
    </form>
  );
}
