// Clinic settings (admin): the clinic's time zone, opening hours and closed dates; the
// practitioners with their weekly hours and absences; the rooms and devices; the cartridge
// catalogue. Saving the
// calendar sends the version it was loaded at (If-Match), so a change someone else made
// meanwhile is never overwritten unseen (412): the input stays until the admin reloads.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { ClinicCalendar, Resource } from '../../api/types';
import { HoursEditor } from '../../components/hours_editor';
import { Button, Loading, Notice, PageHeader, TextField } from '../../components/ui';
import { fieldId, generalMessage, toFieldErrors, withoutField, type FieldErrors } from '../../lib/field_errors';
import { focusLater, useLoad } from '../../lib/hooks';
import { formatDate } from '../../lib/labels';
import { useSession } from '../../lib/session';
import { formToHours, hoursToForm, summariseHours, validateClosedDates, type HoursInput } from '../../lib/weekly_hours';
import { IdentitySection } from './settings_identity';
import { PractitionersSection } from './settings_practitioners';
import { SecuritySection } from './settings_security';
import { CartridgeLotsSection } from './settings_lots';
import { useSubmit } from '../../lib/submit';

/** GET /clinic answers 409 with field "clinic" while the clinic's calendar was never set. */
export function isClinicNotSetUp(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && error.field === 'clinic';
}

export function SettingsPage() {
  const { user } = useSession();
  const clinic = useLoad(() => api.clinic().catch((e) => {
    if (isClinicNotSetUp(e)) return null;
    throw e;
  }), []);
  if (user.role !== 'admin') {
    return (
      <>
        <PageHeader title="Clinic settings" />
        <Notice tone="info">Only an administrator can change the clinic's settings.</Notice>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Clinic settings" subtitle="The clinic's name and contact details; opening hours, practitioners, rooms and devices: what the scheduler books against." />
      <IdentitySection />
      {clinic.loading && !clinic.data && <Loading label="Loading the clinic's calendar…" />}
      {clinic.error !== undefined && <Notice tone="error">{generalMessage(clinic.error)}</Notice>}
      {clinic.data !== undefined && <ClinicHoursForm key={clinic.data?.version ?? 0} loaded={clinic.data} onReload={clinic.reload} />}
      <PractitionersSection clinicHours={clinic.data?.opening_hours} />
      <div class="grid grid--2">
        <ResourceSection kind="room" />
        <ResourceSection kind="device" />
      </div>
      <CartridgeLotsSection />
      <SecuritySection />
    </>
  );
}

const F = 'clinic';

/** The clinic's time zone, weekly opening hours and closed dates (`loaded` null: never set up). */
function ClinicHoursForm({ loaded, onReload }: { loaded: ClinicCalendar | null; onReload: () => void }) {
  const [version, setVersion] = useState(loaded?.version);
  const [timeZone, setTimeZone] = useState(loaded?.time_zone ?? '');
  const [hours, setHours] = useState<HoursInput>(hoursToForm(loaded?.opening_hours));
  const [closed, setClosed] = useState<string[]>(loaded?.closed_dates ?? []);
  const [stale, setStale] = useState<string>();
  const [saved, setSaved] = useState<ClinicCalendar>();
  const form = useSubmit();
  const { errors, setErrors, busy } = form;

  const edited = (path: string) => {
    setSaved(undefined);
    setErrors((e) => withoutField(withoutField(e, path), ''));
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setSaved(undefined);
    const local: FieldErrors = {};
    if (!timeZone.trim()) local.time_zone = 'Enter the clinic\'s time zone, e.g. Europe/Amsterdam.';
    const h = formToHours(hours, 'opening_hours');
    const c = validateClosedDates(closed);
    Object.assign(local, h.errors, c.errors);
    if (!form.check(local)) return;
    return form.run(async () => {
      try {
        const answer = await api.saveClinic({ time_zone: timeZone.trim(), opening_hours: h.hours!, closed_dates: c.dates! }, version);
        setVersion(answer.version);
        setClosed(answer.closed_dates);
        setSaved(answer);
        return 'clinic-saved';
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 412)) throw error;
        setStale('Someone else changed the clinic\'s calendar since this page loaded. Your input is still here; reload to see their change (your input here is then replaced).');
        setErrors({});
        return 'clinic-stale';
      }
    }, (error) => toFieldErrors(error, ['time_zone', ...Object.keys(hoursPaths(hours)), ...closed.map((_, i) => `closed_dates[${i}]`)]));
  };

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="clinic-h">
      <h2 id="clinic-h">Opening hours</h2>
      {loaded === null && !saved && (
        <Notice tone="warning" title="Not set up yet">The clinic's calendar has never been saved. Nothing can be booked until it is.</Notice>
      )}
      {stale && (
        <Notice tone="error" id="clinic-stale" title="Changed by someone else">
          {stale}{' '}
          <button type="button" class="btn btn--secondary btn--small" onClick={onReload}>Reload the clinic's calendar</button>
        </Notice>
      )}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      {saved && <Notice tone="success" id="clinic-saved">Saved. Open: {summariseHours(saved.opening_hours)}.</Notice>}
      <div class="form-grid">
        <TextField form={F} path="time_zone" label="Time zone" value={timeZone} error={errors.time_zone} autoComplete="off"
          hint="The IANA name, e.g. Europe/Amsterdam. Booked times are the clinic's wall clock in this zone."
          onValue={(v) => { edited('time_zone'); setTimeZone(v); }} />
      </div>
      <HoursEditor form={F} field="opening_hours" legend="Weekly opening hours" value={hours} errors={errors}
        onChange={(next, path) => { edited(path); setHours(next); }} />
      <ClosedDates dates={closed} errors={errors} onChange={(next, path) => { edited(path); setClosed(next); }} />
      <Button type="submit" busy={busy} busyLabel="Saving…">Save the opening hours</Button>
    </form>
  );
}

/** The span paths of the hours shown (the fields a server error may name). */
function hoursPaths(hours: HoursInput): FieldErrors {
  const paths: FieldErrors = {};
  for (const [day, spans] of Object.entries(hours)) spans.forEach((_, i) => { paths[`opening_hours.${day}[${i}]`] = ''; });
  return paths;
}

function ClosedDates({ dates, errors, onChange }: { dates: string[]; errors: FieldErrors; onChange: (next: string[], edited: string) => void }) {
  const addId = fieldId(F, 'closed_dates-add');
  return (
    <fieldset id={fieldId(F, 'closed_dates')}>
      <legend>Closed dates</legend>
      <p class="hint">Public holidays and other days the clinic is closed, whatever the weekday.</p>
      {dates.length === 0 && <p class="muted">No closed dates.</p>}
      <div class="closed-dates">
        {dates.map((d, i) => (
          <div class="closed-date" key={i}>
            <TextField form={F} path={`closed_dates[${i}]`} label={`Closed date ${i + 1}`} type="date" value={d}
              error={errors[`closed_dates[${i}]`]} onValue={(v) => onChange(dates.map((x, j) => (j === i ? v : x)), `closed_dates[${i}]`)} />
            <button type="button" class="btn btn--secondary btn--small" aria-label={`Remove closed date ${i + 1}${d ? ` (${formatDate(d)})` : ''}`}
              onClick={() => { onChange(dates.filter((_, j) => j !== i), `closed_dates[${i}]`); focusLater(addId); }}>
              Remove
            </button>
          </div>
        ))}
      </div>
      <button type="button" class="btn btn--secondary btn--small" id={addId}
        onClick={() => { onChange([...dates, ''], 'closed_dates'); focusLater(fieldId(F, `closed_dates[${dates.length}]`)); }}>
        Add a closed date
      </button>
    </fieldset>
  );
}

const RESOURCE_TEXT = {
  room: { title: 'Rooms', label: 'New room name', button: 'Add the room', busy: 'Adding the room…', none: 'No rooms yet.', load: api.rooms, add: api.addRoom },
  device: { title: 'Devices', label: 'New device name', button: 'Add the device', busy: 'Adding the device…', none: 'No devices yet.', load: api.devices, add: api.addDevice },
};

/** A list of rooms or devices and a form to add one. */
function ResourceSection({ kind }: { kind: 'room' | 'device' }) {
  const text = RESOURCE_TEXT[kind];
  const list = useLoad(() => text.load(), [kind]);
  const [added, setAdded] = useState<Resource[]>([]);
  const [name, setName] = useState('');
  const [done, setDone] = useState<string>();
  const submitter = useSubmit({ fields: ['name'] });
  const { errors, setErrors, busy } = submitter;
  const form = `new-${kind}`;
  const items = [...(list.data?.items ?? []), ...added.filter((a) => !list.data?.items.some((r) => r.id === a.id))];

  const submit = (e: Event) => {
    e.preventDefault();
    setDone(undefined);
    if (!submitter.check(name.trim() ? {} : { name: `Enter the ${kind}'s name.` })) return;
    const body = { kind, name: name.trim() };
    return submitter.run(async () => {
      const resource = await text.add(body.name, submitter.key(body));
      setAdded((a) => [...a, resource]);
      setDone(`${resource.name} is added.`);
      setName('');
      return `${kind}-added`;
    });
  };

  return (
    <section class="card" aria-labelledby={`${kind}s-h`}>
      <h2 id={`${kind}s-h`}>{text.title}</h2>
      {list.loading && !list.data && <Loading />}
      {list.error !== undefined && <Notice tone="error">{generalMessage(list.error)}</Notice>}
      {list.data && (items.length === 0 ? <p class="muted">{text.none}</p> : (
        <ul class="list" data-testid={`${kind}s`}>
          {items.map((r) => <li key={r.id}>{r.name}</li>)}
        </ul>
      ))}
      <form onSubmit={submit} noValidate class="form-inline">
        {errors[''] && <Notice tone="error">{errors['']}</Notice>}
        <TextField form={form} path="name" label={text.label} value={name} error={errors.name} autoComplete="off"
          onValue={(v) => { setErrors({}); setDone(undefined); setName(v); }} />
        <Button type="submit" variant="secondary" busy={busy} busyLabel={text.busy}>{text.button}</Button>
      </form>
      {done && <Notice tone="success" id={`${kind}-added`}>{done}</Notice>}
    </section>
  );
}
