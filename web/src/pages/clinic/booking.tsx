// Booking a plan's whole series: the coordinator states the patient's preferences, previews
// up to five ranked alternatives, picks one and books it. When sessions of the plan are
// booked already (a session that could not be rebooked within its window left a gap), the
// rest of the course can be booked afresh: the sessions booked now are then cancelled.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { Appointment, BookingPreferences, PlannedAppointment, SeriesAlternative, Weekday } from '../../api/types';
import { WEEKDAYS } from '../../api/types';
import { Button, Link, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { fieldId, generalMessage, toFieldErrors, type FieldErrors } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDate, formatDateTime } from '../../lib/labels';
import { todayIso } from '../../lib/records';
import { idParam } from '../../lib/router';
import { appointmentLabel, isFollowUp, namesById } from '../../lib/scheduling';
import { useSubmit } from '../../lib/submit';
import { NotFoundPage } from '../not_found';

const DAY_LABELS: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const PREF_FIELDS = ['weekdays', 'time_from', 'time_to', 'earliest', 'practitioner_id', 'rebook'];

/** Checks the preferences; the errors are keyed like the request's fields. */
export function validatePreferences(p: BookingPreferences): FieldErrors {
  const errors: FieldErrors = {};
  if (p.weekdays.length === 0) errors.weekdays = 'Choose at least one weekday.';
  if (!/^\d{2}:\d{2}$/.test(p.time_from)) errors.time_from = 'Enter a time (HH:MM).';
  if (!/^\d{2}:\d{2}$/.test(p.time_to)) errors.time_to = 'Enter a time (HH:MM).';
  else if (!errors.time_from && p.time_to <= p.time_from) errors.time_to = 'The end must be after the start.';
  return errors;
}

export function BookingPage({ params }: { params: Record<string, string> }) {
  const id = idParam(params.id);
  const plan = useLoad(() => (id ? api.plan(id) : Promise.reject(new Error('bad id'))), [id]);
  const practitioners = useLoad(() => api.practitioners(), []);
  const [prefs, setPrefs] = useState<BookingPreferences>({ weekdays: ['tue', 'thu'], time_from: '09:00', time_to: '13:00', earliest: todayIso() });
  const form = useSubmit({ fields: PREF_FIELDS });
  const { errors } = form;
  const [alternatives, setAlternatives] = useState<SeriesAlternative[]>();
  const [picked, setPicked] = useState(0);
  const [doing, setDoing] = useState<'preview' | 'book'>();
  const busy = form.busy ? doing : undefined;
  const [booked, setBooked] = useState<Appointment[]>();
  const patientId = plan.data?.patient_id;
  const current = useLoad(() => (patientId ? api.patientAppointments(patientId) : Promise.resolve(undefined)), [patientId]);
  const bookedNow = (current.data?.items ?? []).filter((a) => a.plan_id === id && a.status === 'booked');

  if (!id) return <NotFoundPage />;
  if (plan.loading) return <Loading />;
  if (plan.error !== undefined) return <NotFoundPage />;

  const toggleDay = (d: Weekday) => { form.clear('weekdays'); setPrefs({ ...prefs, weekdays: prefs.weekdays.includes(d) ? prefs.weekdays.filter((x) => x !== d) : [...prefs.weekdays, d] }); };
  const run = (what: 'preview' | 'book') => {
    if (!form.check(validatePreferences(prefs))) return;
    setDoing(what);
    return form.run(async () => {
      if (what === 'preview') {
        try {
          setAlternatives(await api.previewBookings(id, prefs));
        } catch (e) {
          setAlternatives(undefined);
          throw e;
        }
        setPicked(0);
        return 'alternatives-legend';
      }
      // The server ranks the same way for the same preferences: book the one picked.
      const body = { ...prefs, alternative: picked + 1 };
      setBooked(await api.book(id, body, form.key(body)));
      return 'booked-h';
    // A 409 names the constraint that left no series (window, opening_hours, occupied, …) or
    // the plan (not approved, already booked): its message says which session and why.
    }, (e) => (e instanceof ApiError && e.code === 'conflict' ? { '': generalMessage(e) } : toFieldErrors(e, PREF_FIELDS)));
  };

  const f = 'booking';
  const names = namesById(practitioners.data?.items);
  const practitionerOptions: [string, string][] = (practitioners.data?.items ?? []).map((p) => [String(p.id), p.name]);
  return (
    <>
      <PageHeader title="Book the series" subtitle={<><Link href={`/plans/${id}`}>Plan</Link> · {plan.data!.proposal.plan?.sessions ?? '?'} sessions,
        every {plan.data!.proposal.plan?.interval_days.target ?? '?'} days</>} />
      {plan.data!.status !== 'approved' && <Notice tone="warning">This plan is not approved yet; approve it before booking.</Notice>}
      {primingFrom(plan.data!) && (
        <Notice tone="info" title="Skin priming first" id="priming">
          The plan asks for {plan.data!.proposal.plan!.priming_days} days of skin priming before session 1: the first session is offered from {formatDate(primingFrom(plan.data!)!)}.
        </Notice>
      )}
      {booked ? (
        <section class="card" aria-labelledby="booked-h">
          <h2 id="booked-h">Booked</h2>
          <Notice tone="success">{booked.filter((a) => !isFollowUp(a)).length} sessions are booked{booked.some(isFollowUp) ? ', and the follow-up visit after the last one' : ''}.</Notice>
          <AppointmentList appointments={booked} practitioners={names} />
          <p><Link href="/calendar">Open the calendar</Link></p>
        </section>
      ) : (
        <form class="card" onSubmit={(e) => { e.preventDefault(); run('preview'); }} noValidate>
          <h2>Patient's preferences</h2>
          {errors[''] && <Notice tone="error">{errors['']}</Notice>}
          {bookedNow.length > 0 && (
            <Notice tone="warning" title="Sessions of this plan are booked already">
              <p>{bookedNow.length} session{bookedNow.length === 1 ? ' is' : 's are'} booked:{' '}
                {bookedNow.map((a) => `${appointmentLabel(a, true)} on ${formatDateTime(a.starts_at)}`).join('; ')}.
                Change one on the calendar, or book the rest of the course afresh.</p>
              <label class="radio"><input type="checkbox" checked={!!prefs.rebook}
                onChange={(e) => { form.clear('rebook'); setPrefs({ ...prefs, rebook: (e.currentTarget as HTMLInputElement).checked || undefined }); }} />{' '}
                <span>Book the sessions not yet held afresh and cancel the {bookedNow.length} booked now</span></label>
            </Notice>
          )}
          <fieldset class={`radio-group radio-group--inline${errors.weekdays ? ' field--invalid' : ''}`} id={fieldId(f, 'weekdays')}
            aria-invalid={errors.weekdays ? true : undefined} aria-describedby={errors.weekdays ? `${fieldId(f, 'weekdays')}-error` : undefined}>
            <legend>Preferred weekdays</legend>
            <div class="radio-options">
              {WEEKDAYS.map((d) => (
                <label key={d} class="radio"><input type="checkbox" checked={prefs.weekdays.includes(d)} onChange={() => toggleDay(d)} /> <span>{DAY_LABELS[d]}</span></label>
              ))}
            </div>
            {errors.weekdays && <p class="field-error" id={`${fieldId(f, 'weekdays')}-error`}>{errors.weekdays}</p>}
          </fieldset>
          <div class="form-grid">
            <TextField form={f} path="time_from" label="From" type="time" value={prefs.time_from} onValue={(v) => setPrefs({ ...prefs, time_from: v })} error={errors.time_from} />
            <TextField form={f} path="time_to" label="To" type="time" value={prefs.time_to} onValue={(v) => setPrefs({ ...prefs, time_to: v })} error={errors.time_to} />
            <TextField form={f} path="earliest" label="Earliest first session" type="date" value={prefs.earliest ?? ''} onValue={(v) => setPrefs({ ...prefs, earliest: v })} error={errors.earliest} />
            <SelectField form={f} path="practitioner_id" label="Practitioner" value={prefs.practitioner_id ? String(prefs.practitioner_id) : ''}
              placeholder="Any practitioner" options={practitionerOptions} error={errors.practitioner_id}
              onValue={(v) => setPrefs({ ...prefs, practitioner_id: v ? Number(v) : undefined })} />
          </div>
          <Button type="submit" variant="secondary" busy={busy === 'preview'} busyLabel="Finding alternatives…">Preview alternatives</Button>
          {alternatives && (
            <fieldset class="alternatives">
              <legend id="alternatives-legend">Alternatives (best first)</legend>
              {alternatives.length === 0 && <p>No series fits these preferences. Widen the days or hours.</p>}
              {alternatives.map((alt, i) => (
                <label key={alt.rank} class="alternative">
                  <input type="radio" name="alternative" checked={picked === i} onChange={() => setPicked(i)} />
                  <span><strong>Alternative {alt.rank}</strong>{fitOf(alt)}<AppointmentList appointments={alt.appointments} practitioners={names} /></span>
                </label>
              ))}
              {alternatives.length > 0 && (
                <Button type="button" busy={busy === 'book'} busyLabel="Booking…" onClick={() => run('book')}>Book alternative {picked + 1}</Button>
              )}
            </fieldset>
          )}
        </form>
      )}
    </>
  );
}

/** " · same practitioner · same weekday and time · 28, 28 days apart" */
function fitOf(alt: SeriesAlternative): string {
  const parts: string[] = [];
  if (alt.same_practitioner) parts.push('same practitioner');
  if (alt.same_weekday_and_time) parts.push('same weekday and time');
  if (alt.gaps_days.length) parts.push(`${alt.gaps_days.join(', ')} days apart`);
  return parts.map((p) => ` · ${p}`).join('');
}

export function AppointmentList({ appointments, practitioners }: { appointments: (Appointment | PlannedAppointment)[]; practitioners?: Map<number, string> }) {
  return (
    <ol class="list list--compact">
      {appointments.map((a) => (
        <li key={a.id ?? `${a.kind}-${a.session_number}`} data-kind={a.kind}>
          {appointmentLabel(a)}: {formatDateTime(a.starts_at)}{practitioners?.get(a.practitioner_id) ? ` · ${practitioners.get(a.practitioner_id)}` : ''}
        </li>
      ))}
    </ol>
  );
}


/** The first day session 1 may be offered (YYYY-MM-DD): the plan's approval plus its priming days; undefined without priming. */
function primingFrom(plan: { approved_at: string | null; proposal: { plan: { priming_days?: number } | null } }): string | undefined {
  const days = plan.proposal.plan?.priming_days ?? 0;
  if (days <= 0 || !plan.approved_at) return undefined;
  const approved = new Date(`${plan.approved_at.slice(0, 10)}T00:00:00Z`);
  return new Date(approved.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
