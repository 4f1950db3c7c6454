// The practitioners part of the clinic settings: each practitioner's weekly hours and
// absences (added and removed one at a time), editing name and hours, and adding a
// practitioner. Every change is a PATCH with the version shown (If-Match); when someone else
// changed the practitioner meanwhile (412) the list is reloaded and the input kept.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { Absence, DisplacedSession, PractitionerUpdate, Resource, WeeklyHours } from '../../api/types';
import { WEEKDAYS } from '../../api/types';
import { HoursEditor } from '../../components/hours_editor';
import { Button, Loading, Notice, TextField } from '../../components/ui';
import { fieldId, generalMessage, toFieldErrors, withoutField, type FieldErrors } from '../../lib/field_errors';
import { focusLater, useLoad } from '../../lib/hooks';
import { formatDate, formatDateTime } from '../../lib/labels';
import {
  formToHours, hoursToForm, sortAbsences, validateAbsence, WEEKDAY_LABELS, type HoursInput,
} from '../../lib/weekly_hours';
import { focusWhenRendered, useSubmit } from '../../lib/submit';

/** "1 Mar 2027 – 5 Mar 2027", or one date for a single day. */
export function absenceText(a: Absence): string {
  return a.from === a.to ? formatDate(a.from) : `${formatDate(a.from)} – ${formatDate(a.to)}`;
}

/**
 * What a saved change leaves for the clinic to do: nothing, or the booked sessions the
 * practitioner can no longer keep (the server names them; they are not moved).
 */
export function displacedText(name: string, displaced: DisplacedSession[]): string | undefined {
  const n = displaced.length;
  if (n === 0) return undefined;
  const why = displaced.every((s) => s.constraint === 'absences') ? 'on days away'
    : displaced.every((s) => s.constraint === 'working_hours') ? 'outside the working hours' : 'on days away or outside the working hours';
  const shown = displaced.slice(0, 5).map((s) => formatDateTime(s.starts_at)).join('; ');
  const more = n > 5 ? `; and ${n - 5} more` : '';
  return `${n} booked session${n === 1 ? ' is' : 's are'} with ${name} ${why} and not moved: reschedule ${n === 1 ? 'it' : 'them'} on the calendar (${shown}${more}).`;
}

const isStale = (error: unknown) => error instanceof ApiError && error.status === 412;

export function PractitionersSection({ clinicHours }: { clinicHours?: WeeklyHours | null }) {
  const list = useLoad(() => api.practitioners(), []);
  const [items, setItems] = useState<Resource[]>();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string>();
  useEffect(() => {
    if (list.data) setItems(list.data.items);
  }, [list.data]);
  const replace = (p: Resource) => setItems((all) => all?.map((x) => (x.id === p.id ? p : x)));

  return (
    <section class="card" aria-labelledby="practitioners-h">
      <h2 id="practitioners-h">Practitioners</h2>
      {list.loading && !items && <Loading label="Loading the practitioners…" />}
      {list.error !== undefined && <Notice tone="error">{generalMessage(list.error)}</Notice>}
      {items && items.length === 0 && <p class="muted">No practitioners yet: nothing can be booked until one is added.</p>}
      {items?.map((p) => <PractitionerCard key={p.id} practitioner={p} onSaved={replace} onStale={list.reload} />)}
      {added && <Notice tone="success" id="practitioner-added">{added}</Notice>}
      {adding ? (
        <NewPractitionerForm clinicHours={clinicHours ?? undefined} onCancel={() => setAdding(false)}
          onAdded={(p) => { setItems((all) => [...(all ?? []), p]); setAdding(false); setAdded(`${p.name} is added.`); focusWhenRendered('practitioner-added'); }} />
      ) : (
        <Button type="button" variant="secondary" onClick={() => { setAdded(undefined); setAdding(true); }}>
          Add a practitioner
        </Button>
      )}
    </section>
  );
}

function PractitionerCard({ practitioner: p, onSaved, onStale }: {
  practitioner: Resource;
  onSaved: (p: Resource) => void;
  onStale: () => void;
}) {
  const form = `practitioner-${p.id}`;
  const absences = p.absences ?? [];
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [notice, setNotice] = useState<{ tone: 'success' | 'warning' | 'error'; text: string }>();
  const submitter = useSubmit();
  const { errors, setErrors } = submitter;
  const [doing, setDoing] = useState<'add' | number>();
  const busy = submitter.busy ? doing : undefined;
  const [editing, setEditing] = useState(false);
  const noticeId = `${form}-notice`;

  /** A refusal: someone else's change (412) is a notice over the card, anything else goes to the fields. */
  const failed = (known: string[], rename?: (f: string) => string) => (error: unknown) => {
    if (!isStale(error)) return toFieldErrors(error, known, rename);
    setNotice({ tone: 'error', text: `Someone else changed ${p.name} meanwhile. Their version is shown now; your input is kept: check it and try again.` });
    onStale();
    return {};
  };

  const addAbsence = (e: Event) => {
    e.preventDefault();
    setNotice(undefined);
    const { absence, errors: local } = validateAbsence(from, to);
    if (!submitter.check(local) || !absence) return;
    setDoing('add');
    // The new absence goes last, so the server's "absences[n]" is the form's.
    const n = absences.length;
    return submitter.run(async () => {
      const updated = await api.updatePractitioner(p, { name: p.name, working_hours: p.working_hours ?? {}, absences: [...absences, absence] });
      onSaved(updated);
      setFrom('');
      setTo('');
      const displaced = displacedText(p.name, updated.displaced_sessions);
      setNotice(displaced
        ? { tone: 'warning', text: `Absence added: ${absenceText(absence)}. ${displaced}` }
        : { tone: 'success', text: `Absence added: ${absenceText(absence)}.` });
      return noticeId;
    }, failed(['from', 'to'], (f) => (f === `absences[${n}].from` ? 'from' : f === `absences[${n}].to` || f === `absences[${n}]` ? 'to' : f)));
  };

  const removeAbsence = (index: number) => {
    setNotice(undefined);
    setErrors({});
    setDoing(index);
    const gone = absences[index];
    return submitter.run(async () => {
      const updated = await api.updatePractitioner(p, {
        name: p.name, working_hours: p.working_hours ?? {}, absences: absences.filter((_, i) => i !== index),
      });
      onSaved(updated);
      setNotice({ tone: 'success', text: `Absence removed: ${absenceText(gone)}.` });
      return noticeId;
    }, failed([]));
  };

  // Shown by first day; each keeps its index in the list the server has.
  const shown = sortAbsences(absences).map((a) => ({ a, index: absences.indexOf(a) }));
  return (
    <article class="practitioner" aria-labelledby={`${form}-h`} data-testid="practitioner">
      <h3 id={`${form}-h`}>{p.name}</h3>
      {notice && <Notice tone={notice.tone} id={noticeId}>{notice.text}</Notice>}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      {editing ? (
        <PractitionerEditForm practitioner={p} onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            onSaved(updated);
            setEditing(false);
            const displaced = displacedText(updated.name, updated.displaced_sessions);
            setNotice(displaced ? { tone: 'warning', text: `${updated.name}: name and hours saved. ${displaced}` }
              : { tone: 'success', text: `${updated.name}: name and hours saved.` });
            focusWhenRendered(noticeId);
          }}
          onStale={onStale} />
      ) : (
        <>
          <WeeklyHoursList hours={p.working_hours} />
          <button type="button" class="btn btn--secondary btn--small" onClick={() => { setNotice(undefined); setEditing(true); }}>
            Edit name and hours<span class="visually-hidden"> of {p.name}</span>
          </button>
        </>
      )}
      <h4>Absences</h4>
      {shown.length === 0 ? <p class="muted">No absences.</p> : (
        <ul class="absences" data-testid="absences">
          {shown.map(({ a, index }) => (
            <li key={`${a.from}-${a.to}-${index}`}>
              <span>{absenceText(a)}</span>
              <Button type="button" variant="secondary" busy={busy === index} busyLabel="Removing…"
                aria-label={`Remove the absence ${absenceText(a)}`} onClick={() => removeAbsence(index)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={addAbsence} noValidate class="form-inline" aria-label={`Add an absence for ${p.name}`}>
        <TextField form={form} path="from" label="First day away" type="date" value={from} error={errors.from}
          onValue={(v) => { setErrors((x) => withoutField(x, 'from')); setFrom(v); if (!to || to < v) setTo(v); }} />
        <TextField form={form} path="to" label="Last day away" type="date" value={to} error={errors.to}
          onValue={(v) => { setErrors((x) => withoutField(x, 'to')); setTo(v); }} />
        <Button type="submit" variant="secondary" busy={busy === 'add'} busyLabel="Adding…">Add the absence</Button>
      </form>
    </article>
  );
}

/** A practitioner's weekly hours, one line per day. */
function WeeklyHoursList({ hours }: { hours?: WeeklyHours }) {
  return (
    <dl class="week">
      {WEEKDAYS.map((day) => (
        <div key={day}>
          <dt>{WEEKDAY_LABELS[day]}</dt>
          <dd>{(hours?.[day] ?? []).length ? hours![day]!.map(([f, t]) => `${f}–${t}`).join(', ') : <span class="muted">Off</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

const hourPaths = (hours: HoursInput) =>
  WEEKDAYS.flatMap((day) => hours[day].map((_, i) => `working_hours.${day}[${i}]`));

/** The name and weekly hours of a practitioner form, checked before they are sent. */
function checkNameAndHours(name: string, hours: HoursInput): ReturnType<typeof formToHours> {
  const h = formToHours(hours, 'working_hours');
  const errors: FieldErrors = {};
  if (!name.trim()) errors.name = 'Enter the practitioner\'s name.';
  return { hours: h.hours, errors: { ...errors, ...h.errors } };
}

function PractitionerEditForm({ practitioner: p, onSaved, onCancel, onStale }: {
  practitioner: Resource;
  onSaved: (p: PractitionerUpdate) => void;
  onCancel: () => void;
  onStale: () => void;
}) {
  const form = `edit-practitioner-${p.id}`;
  const [name, setName] = useState(p.name);
  const [hours, setHours] = useState<HoursInput>(hoursToForm(p.working_hours));
  const submitter = useSubmit();
  const { errors, setErrors, busy } = submitter;

  const submit = (e: Event) => {
    e.preventDefault();
    const h = checkNameAndHours(name, hours);
    if (!submitter.check(h.errors)) return;
    return submitter.run(async () => {
      onSaved(await api.updatePractitioner(p, { name: name.trim(), working_hours: h.hours!, absences: p.absences ?? [] }));
    }, (error) => {
      if (!isStale(error)) return toFieldErrors(error, ['name', ...hourPaths(hours)]);
      onStale();
      return { '': `Someone else changed ${p.name} meanwhile. Their version is loaded; your input here is kept: check it and save again.` };
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${p.name}`}>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <TextField form={form} path="name" label="Name" value={name} error={errors.name} autoComplete="off"
        onValue={(v) => { setErrors((x) => withoutField(x, 'name')); setName(v); }} />
      <HoursEditor form={form} field="working_hours" legend={`Weekly working hours of ${p.name}`} value={hours} errors={errors}
        onChange={(next, path) => { setErrors((x) => withoutField(x, path)); setHours(next); }} />
      <div class="actions">
        <Button type="submit" busy={busy} busyLabel="Saving…">Save name and hours</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

const NEW = 'new-practitioner';

function NewPractitionerForm({ clinicHours, onAdded, onCancel }: {
  clinicHours?: WeeklyHours;
  onAdded: (p: Resource) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [hours, setHours] = useState<HoursInput>(hoursToForm(clinicHours));
  const submitter = useSubmit();
  const { errors, setErrors, busy } = submitter;
  useEffect(() => focusLater(fieldId(NEW, 'name')), []);

  const submit = (e: Event) => {
    e.preventDefault();
    const h = checkNameAndHours(name, hours);
    if (!submitter.check(h.errors)) return;
    const body = { name: name.trim(), working_hours: h.hours! };
    return submitter.run(async () => {
      onAdded(await api.addPractitioner(body, submitter.key(body)));
    }, (error) => toFieldErrors(error, ['name', ...hourPaths(hours)]));
  };

  return (
    <form class="practitioner" onSubmit={submit} noValidate aria-labelledby={`${NEW}-h`}>
      <h3 id={`${NEW}-h`}>New practitioner</h3>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <TextField form={NEW} path="name" label="Name" value={name} error={errors.name} autoComplete="off"
        onValue={(v) => { setErrors((x) => withoutField(x, 'name')); setName(v); }} />
      <HoursEditor form={NEW} field="working_hours" legend="Weekly working hours" value={hours} errors={errors}
        onChange={(next, path) => { setErrors((x) => withoutField(x, path)); setHours(next); }} />
      <div class="actions">
        <Button type="submit" busy={busy} busyLabel="Adding…">Add the practitioner</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
