// Session charting for a booked appointment: the pre-session screening (asked again, every
// question answered) and the chart: times, device and cartridge lot (picked from the clinic's
// catalogue when it keeps one), numbing, the glide or serum applied, depth and passes per
// zone, endpoint, immediate reaction, notes, and the reason for charting outside the approved
// plan. Prefilled from the patient's draft (the previous session's settings, or the plan's
// depths). Saving completes the appointment; a refusal keeps every input and says why next to
// the field it concerns (a chart outside the plan: next to the reason it needs).
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { Appointment, Bleeding, ChartedSession, DeviceLot, PreSessionCheck } from '../../api/types';
import { ScreeningQuestions, prefixErrors, screeningFields, useProtocolQuestions } from '../../components/screening_questions';
import { Button, Field, Link, Loading, Notice, PageHeader, RadioGroup, SelectField, TextField } from '../../components/ui';
import { generalMessage, toFieldErrors, withoutField } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { DECISION_LABELS, formatDate, formatDateTime, humanise, ZONE_LABELS } from '../../lib/labels';
import { fullName } from '../../lib/records';
import { idParam } from '../../lib/router';
import { appointmentLabel, clinicIso, isChartableNow, isFollowUp, offsetOf, STATUS_LABELS } from '../../lib/scheduling';
import {
  chartBody, chartFieldPath, deviationError, isCarriedForward, prefillChart, usableLots, type ChartInput, type DeviationReason, type ZoneInput,
} from '../../lib/session_chart';
import { useSubmit } from '../../lib/submit';
import { emptyScreening, validateScreening, type ScreeningAnswers } from '../../lib/validation';
import { NotFoundPage } from '../not_found';

const F = 'chart';
const SCREENING = 'screening.';
const CHART_FIELDS = ['started_at', 'ended_at', 'device', 'cartridge_lot', 'numbing_product', 'numbing_minutes', 'zones', 'endpoint',
  'reaction.redness', 'reaction.swelling', 'reaction.bleeding', 'notes', 'appointment', 'screening',
  'glide', 'glide.product', 'glide.inci', 'glide.sterile', 'early_reason', 'late_reason', 'depth_reason'];
const STERILE: [string, string][] = [['yes', 'Yes'], ['no', 'No']];
const REASONS: [DeviationReason, string, string][] = [
  ['early_reason', 'Reason for treating sooner than the plan’s interval', 'Only when this session is sooner after the previous one than the plan allows.'],
  ['late_reason', 'Reason for treating later than the plan’s interval', 'Only when this session is later after the previous one than the plan allows.'],
  ['depth_reason', 'Reason for needling deeper than the approved plan', 'Only when a zone is needled deeper than the plan says.'],
];
const SCALE: [string, string][] = [['0', '0'], ['1', '1'], ['2', '2'], ['3', '3']];
const BLEEDING: [Bleeding, string][] = [['none', 'None'], ['pinpoint', 'Pinpoint'], ['more', 'More than pinpoint']];

async function loadSession(id: number) {
  const appointment = await api.appointment(id);
  const [patient, draft, clinic, lots] = await Promise.all([
    api.patient(appointment.patient_id),
    appointment.status === 'booked' && !isFollowUp(appointment) ? api.sessionDraft(appointment.patient_id) : Promise.resolve(undefined),
    api.clinic().catch(() => undefined),
    api.deviceLots().then((l) => l.items).catch((): DeviceLot[] => []),
  ]);
  return { appointment, patient: fullName(patient), draft, timeZone: clinic?.time_zone, lots };
}

export function SessionChartPage({ params }: { params: Record<string, string> }) {
  const id = idParam(params.id);
  const loaded = useLoad(() => (id ? loadSession(id) : Promise.reject(new Error('bad id'))), [id]);
  if (!id) return <NotFoundPage />;
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined) {
    return (loaded.error as { code?: string }).code === 'not_found' ? <NotFoundPage />
      : <><PageHeader title="Session charting" /><Notice tone="error">{generalMessage(loaded.error)}</Notice></>;
  }
  const { appointment, patient, draft, timeZone, lots } = loaded.data!;
  const subtitle = <>{appointmentLabel(appointment)} · <Link href={`/patients/${appointment.patient_id}`}>{patient}</Link> · {formatDateTime(appointment.starts_at)}</>;
  if (isFollowUp(appointment)) {
    return (
      <>
        <PageHeader title="Session charting" subtitle={subtitle} />
        <Notice tone="info">This is the follow-up visit: it is not charted as a needling session. Record a re-assessment on <Link href={`/patients/${appointment.patient_id}`}>the patient's page</Link>.</Notice>
      </>
    );
  }
  if (appointment.status !== 'booked') {
    return (
      <>
        <PageHeader title="Session charting" subtitle={subtitle} />
        <Notice tone="info">This appointment is {STATUS_LABELS[appointment.status]?.toLowerCase() ?? appointment.status}; there is nothing to chart.</Notice>
      </>
    );
  }
  if (!isChartableNow(appointment, Date.now(), timeZone)) {
    return (
      <>
        <PageHeader title="Session charting" subtitle={subtitle} />
        <Notice tone="info" id="not-yet">This session is booked for {formatDateTime(appointment.starts_at)}{timeZone ? ` (${timeZone})` : ''}: it can be charted as done on that day.</Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Session charting" subtitle={subtitle} />
      <ChartForm appointment={appointment} initial={prefillChart(draft, appointment)} carried={isCarriedForward(draft)} lots={lots}
        toIso={(local) => clinicIso(local, timeZone, offsetOf(appointment.starts_at))} />
    </>
  );
}

function ChartForm({ appointment, initial, carried, lots, toIso }: {
  appointment: Appointment; initial: ChartInput; carried: boolean; lots: DeviceLot[]; toIso: (local: string) => string;
}) {
  const [input, setInput] = useState(initial);
  const protocol = useProtocolQuestions();
  const questions = protocol.data?.screening ?? [];
  const [answers, setAnswers] = useState<ScreeningAnswers>(emptyScreening);
  const form = useSubmit();
  const { errors, setErrors } = form;
  const [doing, setDoing] = useState<'check' | 'save'>();
  const busy = form.busy ? doing : undefined;
  const [check, setCheck] = useState<PreSessionCheck>();
  const [saved, setSaved] = useState<ChartedSession>();
  const clear = (path: string) => setErrors((e) => {
    const out = withoutField(e, path);
    if (!path.startsWith(SCREENING) || !('screening' in out)) return out;
    const { screening: _refusal, ...rest } = out; // a changed answer may change the decision
    return rest;
  });
  const set = (k: Exclude<keyof ChartInput, 'zones'>, path: string = k) => (v: string) => { clear(path); setInput({ ...input, [k]: v }); };
  const setZone = (i: number, k: keyof Omit<ZoneInput, 'zone'>) => (v: string) => {
    clear(`${k === 'depth' ? 'depth' : 'passes'}.${input.zones[i].zone}`);
    setInput({ ...input, zones: input.zones.map((z, j) => (j === i ? { ...z, [k]: v } : z)) });
  };
  const onAnswers = (a: ScreeningAnswers) => { setAnswers(a); setCheck(undefined); };
  const serverErrors = (error: unknown) => {
    // A chart outside the plan: the refusal goes next to the reason that allows it.
    if (error instanceof ApiError && error.field) {
      const path = chartFieldPath(input.zones, error.field);
      const zone = input.zones.find((z) => path === `depth.${z.zone}`);
      const deviation = deviationError(error.message, zone ? `${ZONE_LABELS[zone.zone]}: the depth` : 'This session');
      if (deviation) return { [deviation.path]: deviation.message };
    }
    return toFieldErrors(error, [...CHART_FIELDS, ...screeningFields(questions, SCREENING), ...input.zones.flatMap((z) => [`depth.${z.zone}`, `passes.${z.zone}`])],
      (f) => chartFieldPath(input.zones, f));
  };
  const day = input.started_at.slice(0, 10);
  const usable = usableLots(lots, day);
  const picked = usable.find((l) => l.device === input.device.trim() && l.lot === input.cartridge_lot.trim());
  const pickLot = (id: string) => {
    const lot = usable.find((l) => String(l.id) === id);
    if (!lot) return;
    clear('device');
    clear('cartridge_lot');
    setInput({ ...input, device: lot.device, cartridge_lot: lot.lot });
  };

  // A second press of "Check the screening" sends the same answers with the same key: one screening is stored.
  const screen = () => {
    const screening = validateScreening(questions, answers);
    if (!form.check(prefixErrors(screening.errors, SCREENING)) || !screening.history) return;
    const history = screening.history;
    setDoing('check');
    return form.run(async () => {
      setCheck(await api.preSessionCheck(appointment.id, history, form.key(history, 'check')));
      return 'screening-result';
    // The check's body is the screening itself: its field paths have no prefix.
    }, (error) => prefixErrors(toFieldErrors(error, screeningFields(questions)), SCREENING));
  };

  const submit = (e: Event) => {
    e.preventDefault();
    const screening = validateScreening(questions, answers);
    const { chart, errors: local } = chartBody(input, toIso);
    if (lots.length > 0 && !local.cartridge_lot && !local.device && !picked) {
      local.cartridge_lot = 'This lot is not in the clinic’s cartridge catalogue, or has expired: choose one from the catalogue.';
    }
    if (!form.check({ ...prefixErrors(screening.errors, SCREENING), ...local }) || !chart || !screening.history) return;
    const body = { ...chart, screening: screening.history };
    setDoing('save');
    return form.run(async () => {
      setSaved(await api.chartSession(appointment.id, body, form.key(body, 'chart')));
      return 'chart-saved';
    }, serverErrors);
  };

  if (saved) {
    const flags = saved.chart.glide?.flags ?? [];
    return (
      <Notice tone={flags.length ? 'warning' : 'success'} id="chart-saved" title={`Session ${appointment.session_number} is charted`}>
        <p>The appointment is completed. <Link href={`/patients/${appointment.patient_id}`}>Back to the patient</Link></p>
        {flags.length > 0 && (
          <>
            <p>The glide ({saved.chart.glide!.product}) was flagged; it is kept with the chart:</p>
            <ul class="list list--compact" data-testid="glide-flags">
              {flags.map((f) => <li key={`${f.code}-${f.ingredient}`}>{humanise(f.code)}{f.ingredient ? `: ${f.ingredient}` : ''}{f.reason ? ` – ${f.reason}` : ''}</li>)}
            </ul>
          </>
        )}
      </Notice>
    );
  }
  const pending = Object.keys(errors).filter((k) => k !== '' && k !== 'appointment' && k !== 'screening').length;
  return (
    <form onSubmit={submit} noValidate class="session-chart">
      {errors.appointment && <Notice tone="error" title="This is not the session to chart">{errors.appointment}</Notice>}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <section class="card" aria-labelledby="screen-h">
        <h2 id="screen-h">Pre-session screening</h2>
        <p class="hint">Ask every question again today; there are no defaults. A screening that defers the session stops the chart.</p>
        {errors.screening && <Notice tone="error" title="The screening does not allow this session">{errors.screening}</Notice>}
        {protocol.error !== undefined && <Notice tone="error">The screening questions could not be loaded.</Notice>}
        {protocol.loading && !protocol.data && <Loading />}
        <ScreeningQuestions form={F} prefix={SCREENING} questions={questions} answers={answers} onAnswers={onAnswers} errors={errors} onEdit={clear} />
        <div class="actions">
          <Button type="button" variant="secondary" busy={busy === 'check'} busyLabel="Checking…" onClick={screen}>Check the screening</Button>
        </div>
        {check && (
          <Notice id="screening-result" tone={check.may_proceed ? (check.result.decision === 'proceed' ? 'success' : 'warning') : 'error'}
            title={`Screening: ${DECISION_LABELS[check.result.decision]}${check.may_proceed ? '' : ' – do not treat today'}`}>
            {[...check.result.reasons, ...check.result.precautions].length > 0 && (
              <ul class="list list--compact">
                {[...check.result.reasons, ...check.result.precautions].map((r) => <li key={r.code}>{r.message} {r.action}</li>)}
              </ul>
            )}
          </Notice>
        )}
      </section>

      <section class="card" aria-labelledby="chart-h">
        <h2 id="chart-h">Session chart</h2>
        {carried
          ? <Notice tone="info">Settings are carried forward from the previous session; check each before saving.</Notice>
          : <p class="hint">The first session: depths come from the plan.</p>}
        <div class="form-grid">
          <TextField form={F} path="started_at" label="Started" type="datetime-local" value={input.started_at} onValue={set('started_at')} error={errors.started_at} />
          <TextField form={F} path="ended_at" label="Ended" type="datetime-local" value={input.ended_at} onValue={set('ended_at')} error={errors.ended_at}
            hint="Aftercare counts from here." />
          {lots.length > 0 && (
            <SelectField form={F} path="catalogue" label="Cartridge from the catalogue" value={picked ? String(picked.id) : ''} onValue={pickLot}
              placeholder={usable.length ? 'Choose a lot…' : 'No lot usable on this day'}
              hint="The clinic’s lots that have not expired on the session day; choosing one fills the device and lot."
              options={usable.map((l): [string, string] => [String(l.id), `${l.device} · lot ${l.lot}${l.expires_on ? ` · use by ${formatDate(l.expires_on)}` : ''}`])} />
          )}
          <TextField form={F} path="device" label="Device" value={input.device} onValue={set('device')} error={errors.device} />
          <TextField form={F} path="cartridge_lot" label="Cartridge lot" value={input.cartridge_lot} onValue={set('cartridge_lot')} error={errors.cartridge_lot} />
          <TextField form={F} path="numbing_product" label="Numbing product (optional)" value={input.numbing_product} onValue={set('numbing_product')} error={errors.numbing_product} />
          <TextField form={F} path="numbing_minutes" label="Numbing time (min)" type="number" min="0" value={input.numbing_minutes} onValue={set('numbing_minutes')}
            error={errors.numbing_minutes} />
        </div>
        <fieldset class="zones-chart">
          <legend>Depth and passes per zone</legend>
          {errors.zones && <p class="field-error">{errors.zones}</p>}
          {input.zones.map((z, i) => (
            <div class="zone-row" key={z.zone}>
              <TextField form={F} path={`depth.${z.zone}`} label={`${ZONE_LABELS[z.zone]}: depth (mm)`} type="number" step="0.05" min="0" value={z.depth}
                onValue={setZone(i, 'depth')} error={errors[`depth.${z.zone}`]} />
              <TextField form={F} path={`passes.${z.zone}`} label={`${ZONE_LABELS[z.zone]}: passes`} type="number" min="1" value={z.passes}
                onValue={setZone(i, 'passes')} error={errors[`passes.${z.zone}`]} />
            </div>
          ))}
        </fieldset>
        <fieldset class="glide">
          <legend>Glide or serum applied while needling</legend>
          <p class="hint">As on its label. The server runs the ingredients through the product checker and keeps any flag with the chart. Leave all three empty when none was used.</p>
          {errors.glide && <p class="field-error">{errors.glide}</p>}
          <div class="form-grid">
            <TextField form={F} path="glide.product" label="Glide or serum" value={input.glide_product} onValue={set('glide_product', 'glide.product')}
              error={errors['glide.product']} />
            <RadioGroup form={F} path="glide.sterile" legend="Sterile, single-use product" inline value={input.glide_sterile}
              onValue={(v) => set('glide_sterile', 'glide.sterile')(v)} error={errors['glide.sterile']} options={STERILE} />
          </div>
          <Field form={F} path="glide.inci" label="Ingredients (INCI list)" error={errors['glide.inci']}>
            {({ id, describedBy, invalid }) => (
              <textarea id={id} rows={2} value={input.glide_inci} aria-invalid={invalid || undefined} aria-describedby={describedBy}
                onInput={(e) => set('glide_inci', 'glide.inci')((e.currentTarget as HTMLTextAreaElement).value)} />
            )}
          </Field>
        </fieldset>
        <TextField form={F} path="endpoint" label="Endpoint reached" value={input.endpoint} onValue={set('endpoint')} error={errors.endpoint}
          hint="e.g. uniform erythema with pinpoint bleeding" />
        <RadioGroup form={F} path="reaction.redness" legend="Immediate redness (0–3)" inline value={input.redness} onValue={set('redness', 'reaction.redness')}
          error={errors['reaction.redness']} options={SCALE} />
        <RadioGroup form={F} path="reaction.swelling" legend="Immediate swelling (0–3)" inline value={input.swelling} onValue={set('swelling', 'reaction.swelling')}
          error={errors['reaction.swelling']} options={SCALE} />
        <RadioGroup form={F} path="reaction.bleeding" legend="Bleeding" inline value={input.bleeding} onValue={set('bleeding', 'reaction.bleeding')}
          error={errors['reaction.bleeding']} options={BLEEDING} />
        <fieldset class="deviations">
          <legend>Charting outside the approved plan</legend>
          <p class="hint">Leave these empty for a session as planned. Each reason is kept with the chart, shown with it and audited.</p>
          {REASONS.map(([key, label, hint]) => (
            <Field key={key} form={F} path={key} label={label} hint={hint} error={errors[key]}>
              {({ id, describedBy, invalid }) => (
                <textarea id={id} rows={2} maxLength={1000} value={input[key]} aria-invalid={invalid || undefined} aria-describedby={describedBy}
                  onInput={(e) => set(key)((e.currentTarget as HTMLTextAreaElement).value)} />
              )}
            </Field>
          ))}
        </fieldset>
        <div class="field">
          <label for="chart-notes">Notes</label>
          <textarea id="chart-notes" rows={3} value={input.notes} onInput={(e) => set('notes')((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
        {pending > 0 && <Notice tone="error">Some fields need attention; see the marked fields.</Notice>}
        <Button type="submit" busy={busy === 'save'} busyLabel="Saving…">Save the session chart</Button>
      </section>
    </form>
  );
}
