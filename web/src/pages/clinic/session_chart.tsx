// Session charting: who, device and cartridge, depth per zone, passes, numbing, duration,
// endpoint, immediate reaction, notes. Prefilled from the previous session's chart.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { isMissingEndpoint } from '../../api/client';
import type { FacialZone } from '../../api/types';
import { Button, Loading, Notice, NotYetAvailable, PageHeader, RadioGroup, TextField } from '../../components/ui';
import { generalMessage, toFieldErrors, type FieldErrors } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDateTime, ZONE_LABELS } from '../../lib/labels';
import { idParam } from '../../lib/router';
import { chartBody, prefillChart, type ChartInput } from '../../lib/session_chart';
import { NotFoundPage } from '../not_found';

async function loadAppointment(id: number) {
  const appointment = await api.appointment(id);
  const plan = appointment.plan_id ? await api.plan(appointment.plan_id) : undefined;
  return { appointment, input: prefillChart(appointment.previous_session, plan?.proposal.plan) };
}

export function SessionChartPage({ params }: { params: Record<string, string> }) {
  const id = idParam(params.id);
  const loaded = useLoad(() => (id ? loadAppointment(id) : Promise.reject(new Error('bad id'))), [id]);
  if (!id) return <NotFoundPage />;
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined) {
    return isMissingEndpoint(loaded.error) ? <><PageHeader title="Session charting" /><NotYetAvailable what="Session charting" /></>
      : <Notice tone="error">{generalMessage(loaded.error)}</Notice>;
  }
  const { appointment, input } = loaded.data!;
  return <ChartForm appointmentId={id} title={`Session ${appointment.session_number} · ${formatDateTime(appointment.starts_at)}`}
    initial={input} carried={!!appointment.previous_session} />;
}

function ChartForm({ appointmentId, title, initial, carried }: { appointmentId: number; title: string; initial: ChartInput; carried: boolean }) {
  const [input, setInput] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const set = (k: keyof ChartInput) => (v: string) => setInput({ ...input, [k]: v });
  const zones = Object.keys(input.depths) as FacialZone[];
  const known = ['device', 'cartridge', 'numbing', 'passes', 'duration_minutes', 'endpoint', 'reaction.redness', 'reaction.swelling', 'notes', ...zones.map((z) => `depth.${z}`)];

  const submit = async (e: Event) => {
    e.preventDefault();
    const { chart, errors: local } = chartBody(input);
    setErrors(local);
    if (!chart) return;
    setBusy(true);
    try {
      await api.chartSession(appointmentId, chart);
      setSaved(true);
    } catch (error) {
      setErrors(toFieldErrors(error, known, (f) => {
        const m = /^zones\[(\d+)\]\.needle_depth_mm$/.exec(f);
        return m && zones[Number(m[1])] ? `depth.${zones[Number(m[1])]}` : f;
      }));
    } finally {
      setBusy(false);
    }
  };

  const f = 'chart';
  return (
    <>
      <PageHeader title="Session charting" subtitle={title} />
      {carried && <Notice tone="info">Settings are carried forward from the previous session; check each before saving.</Notice>}
      {saved ? <Notice tone="success">The session is charted.</Notice> : (
        <form class="card" onSubmit={submit} noValidate>
          {errors[''] && <Notice tone="error">{errors['']}</Notice>}
          <div class="form-grid">
            <TextField form={f} path="device" label="Device" value={input.device} onValue={set('device')} error={errors.device} />
            <TextField form={f} path="cartridge" label="Cartridge / needle" value={input.cartridge} onValue={set('cartridge')} error={errors.cartridge} />
            <TextField form={f} path="numbing" label="Numbing" value={input.numbing} onValue={set('numbing')} error={errors.numbing} />
            <TextField form={f} path="passes" label="Passes" type="number" min="1" value={input.passes} onValue={set('passes')} error={errors.passes} />
            <TextField form={f} path="duration_minutes" label="Duration (min)" type="number" min="1" value={input.duration_minutes} onValue={set('duration_minutes')} error={errors.duration_minutes} />
            <TextField form={f} path="endpoint" label="Endpoint reached" value={input.endpoint} onValue={set('endpoint')} error={errors.endpoint} hint="e.g. uniform erythema with pinpoint bleeding" />
          </div>
          <fieldset>
            <legend>Needle depth per zone (mm)</legend>
            <div class="form-grid">
              {zones.map((z) => (
                <TextField key={z} form={f} path={`depth.${z}`} label={ZONE_LABELS[z]} type="number" step="0.1" min="0" value={input.depths[z] ?? ''}
                  onValue={(v) => setInput({ ...input, depths: { ...input.depths, [z]: v } })} error={errors[`depth.${z}`]} />
              ))}
            </div>
          </fieldset>
          <RadioGroup form={f} path="reaction.redness" legend="Immediate redness (0–3)" inline value={input.redness} onValue={set('redness')} error={errors['reaction.redness']}
            options={[['0', '0'], ['1', '1'], ['2', '2'], ['3', '3']]} />
          <RadioGroup form={f} path="reaction.swelling" legend="Immediate swelling (0–3)" inline value={input.swelling} onValue={set('swelling')} error={errors['reaction.swelling']}
            options={[['0', '0'], ['1', '1'], ['2', '2'], ['3', '3']]} />
          <div class="check">
            <input type="checkbox" id="chart-bleeding" checked={input.pinpoint_bleeding} onChange={(e) => setInput({ ...input, pinpoint_bleeding: (e.currentTarget as HTMLInputElement).checked })} />
            <label for="chart-bleeding">Pinpoint bleeding</label>
          </div>
          <div class="field">
            <label for="chart-notes">Notes</label>
            <textarea id="chart-notes" rows={3} value={input.notes} onInput={(e) => set('notes')((e.currentTarget as HTMLTextAreaElement).value)} />
          </div>
          <Button type="submit" busy={busy} busyLabel="Saving…">Save the session chart</Button>
        </form>
      )}
    </>
  );
}
