// The clinic calendar: day or week, all bookings or one column per practitioner or room.
// Choosing a booking opens its panel: reschedule it, cancel it or record a no-show. Each
// change is first asked of the server as a dry run, which shows how the rest of the series
// reflows (and what cannot be kept); only "Confirm" changes the calendar.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { Appointment, Reflow } from '../../api/types';
import { CalendarView } from '../../components/calendar_view';
import { Badge, Button, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage, toFieldErrors } from '../../lib/field_errors';
import { monthRange, rangeLabel, stepDate, toCalendarEvents, typedCalendarDate, weekRange, type GroupBy } from '../../lib/calendar_events';
import { clinicResources, patientNames, type ClinicResources } from '../../lib/directory';
import { useDebounced, useLoad } from '../../lib/hooks';
import { formatDate, formatDateTime } from '../../lib/labels';
import { todayIso } from '../../lib/records';
import {
  appointmentLabel, byStart, clinicIso, localInput, nextDay, offsetOf, STATUS_LABELS, summariseReflow, type ChangeAction, type ReflowSummary,
} from '../../lib/scheduling';
import { focusElement, focusWhenRendered, useSubmit } from '../../lib/submit';
import type { ComponentChildren } from 'preact';

const EMPTY: { id: number; name: string }[] = [];

export function CalendarPage() {
  const [date, setDate] = useState(todayIso());
  // What the date field shows; the calendar follows it once it is a whole date, after a pause in typing.
  const [dateInput, setDateInput] = useState(date);
  useDebounced(() => {
    const typed = typedCalendarDate(dateInput);
    if (typed && typed !== date) setDate(typed);
  }, [dateInput], 400);
  const [span, setSpan] = useState<Span>('week');
  const narrow = useNarrow();
  // Previous / next step by the view's span; "Today" goes back to today.
  const go = (to: string) => { setDate(to); setDateInput(to); };
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [selectedId, setSelectedId] = useState<number>();
  const [done, setDone] = useState<string>();
  const range = span === 'week' ? weekRange(date) : span === 'month' ? monthRange(date) : { from: date, to: nextDay(date) };
  const clinic = useLoad(() => api.clinic(), []);
  const resources = useLoad(clinicResources, []);
  const bookings = useLoad(async () => {
    const page = await api.appointments(range.from, range.to);
    return { items: byStart(page.items), patients: await patientNames(page.items.map((a) => a.patient_id)) };
  }, [range.from, range.to]);

  const patientName = useCallback((id?: number) => (id !== undefined && bookings.data?.patients.get(id)) || 'Patient', [bookings.data]);
  const events = useMemo(() => toCalendarEvents(bookings.data?.items ?? [], groupBy, patientName), [bookings.data, groupBy, patientName]);
  const columns = useMemo(() => {
    const r = resources.data;
    return !r ? EMPTY : groupBy === 'practitioner' ? r.practitioners : groupBy === 'room' ? r.rooms : EMPTY;
  }, [resources.data, groupBy]);
  // The booking opens in a dialog where the user is (focus inside it); closing it (Escape, "Close")
  // returns the focus to the booking that opened it.
  const opener = useRef<HTMLElement | null>(null);
  const onPick = useCallback((id: string) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDone(undefined);
    setSelectedId(Number(id));
  }, []);
  const close = () => {
    setSelectedId(undefined);
    const back = opener.current;
    setTimeout(() => { if (back?.isConnected) focusElement(back); }, 0);
  };
  const selected = bookings.data?.items.find((a) => a.id === selectedId);

  return (
    <>
      <PageHeader title="Calendar" />
      <div class="calendar-nav" role="group" aria-label="Move the calendar">
        <Button type="button" variant="secondary" onClick={() => go(stepDate(date, span, -1))}>‹ Previous {span}</Button>
        <Button type="button" variant="secondary" onClick={() => go(todayIso())}>Today</Button>
        <Button type="button" variant="secondary" onClick={() => go(stepDate(date, span, 1))}>Next {span} ›</Button>
        <p class="muted" data-testid="calendar-range" aria-live="polite">{rangeLabel(range, span)}</p>
      </div>
      <div class="card toolbar">
        <TextField form="cal" path="date" label="Date" type="date" value={dateInput} onValue={setDateInput} />
        <SelectField form="cal" path="span" label="View" value={span} onValue={(v) => setSpan(v as Span)} options={[['day', 'Day'], ['week', 'Week'], ['month', 'Month']]} />
        <SelectField form="cal" path="group" label="Columns" value={groupBy} onValue={(v) => setGroupBy(v as GroupBy)}
          options={[['none', 'All bookings'], ['practitioner', 'By practitioner'], ['room', 'By room']]} />
      </div>
      {done && <Notice tone="success" id="calendar-done">{done}</Notice>}
      {bookings.loading && <Loading label="Loading bookings…" />}
      {bookings.error !== undefined && <Notice tone="error">{generalMessage(bookings.error)}</Notice>}
      {resources.error !== undefined && <Notice tone="error">{generalMessage(resources.error)}</Notice>}
      {narrow ? (
        bookings.data && <DayList items={bookings.data.items} patientName={patientName} practitioners={resources.data?.practitionerNames}
          selectedId={selectedId} onPick={onPick} span={span} />
      ) : (
        <div class="card">
          <CalendarView events={events} groupBy={span === 'month' ? 'none' : groupBy} resources={columns} span={span} date={date} onPick={onPick} />
        </div>
      )}
      {bookings.data && !narrow && (
        <section class="card" aria-labelledby="list-h">
          <h2 id="list-h">Bookings in this view</h2>
          {bookings.data.items.length === 0 ? <p class="muted">No bookings in this {span}.</p> : (
            <ul class="list">
              {bookings.data.items.map((a) => (
                <li key={a.id}>
                  <button type="button" class="link-button" aria-pressed={a.id === selectedId} onClick={() => onPick(String(a.id))}>
                    {formatDateTime(a.starts_at)} · {patientName(a.patient_id)} · {appointmentLabel(a, true)}
                  </button>
                  {' '}<span class="muted">{resources.data?.practitionerNames.get(a.practitioner_id) ?? ''}</span>
                  {a.status !== 'booked' && <> <Badge tone={a.status}>{STATUS_LABELS[a.status] ?? a.status}</Badge></>}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {selected && (
        <AppointmentDialog onClose={close}>
          <AppointmentPanel key={`${selected.id}-${selected.sequence}-${selected.status}`} appointment={selected} patient={patientName(selected.patient_id)}
            resources={resources.data} timeZone={clinic.data?.time_zone}
            onClose={close}
            onChanged={(message) => { setSelectedId(undefined); setDone(message); bookings.reload(); focusWhenRendered('calendar-done'); }} />
        </AppointmentDialog>
      )}
    </>
  );
}

type Span = 'day' | 'week' | 'month';

/** True below 600 px wide: the calendar is a list of days there, not a 7-column grid. */
function useNarrow(): boolean {
  const query = '(max-width: 599px)';
  const [narrow, setNarrow] = useState(() => window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const changed = () => setNarrow(list.matches);
    list.addEventListener('change', changed);
    return () => list.removeEventListener('change', changed);
  }, []);
  return narrow;
}

/** The bookings of the view as a list of days (phones): each booking a button that opens it. */
function DayList({ items, patientName, practitioners, selectedId, onPick, span }: {
  items: Appointment[]; patientName: (id?: number) => string; practitioners?: Map<number, string>;
  selectedId?: number; onPick: (id: string) => void; span: Span;
}) {
  const days = new Map<string, Appointment[]>();
  for (const a of items) days.set(a.starts_at.slice(0, 10), [...(days.get(a.starts_at.slice(0, 10)) ?? []), a]);
  return (
    <section class="card" aria-labelledby="days-h" data-testid="day-list">
      <h2 id="days-h">Bookings by day</h2>
      {days.size === 0 ? <p class="muted">No bookings in this {span}.</p> : (
        <ul class="day-list">
          {[...days].map(([day, list]) => (
            <li key={day}>
              <h3>{formatDate(day)}</h3>
              <ul class="list list--compact">
                {list.map((a) => (
                  <li key={a.id}>
                    <button type="button" class="link-button" aria-pressed={a.id === selectedId} onClick={() => onPick(String(a.id))}>
                      {formatDateTime(a.starts_at).slice(-5)} · {patientName(a.patient_id)} · {appointmentLabel(a, true)}
                    </button>
                    {' '}<span class="muted">{practitioners?.get(a.practitioner_id) ?? ''}</span>
                    {a.status !== 'booked' && <> <Badge tone={a.status}>{STATUS_LABELS[a.status] ?? a.status}</Badge></>}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** A modal dialog over the calendar, opened with the focus on its heading; Escape closes it. */
function AppointmentDialog({ onClose, children }: { onClose: () => void; children: ComponentChildren }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (el && !el.open) el.showModal();
    el?.querySelector<HTMLElement>('#appt-h')?.focus();
    return () => el?.close();
  }, []);
  return (
    <dialog ref={dialog} class="dialog appt-dialog" aria-labelledby="appt-h" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      {children}
    </dialog>
  );
}

const CONFIRM_LABELS: Record<ChangeAction, [string, string]> = {
  reschedule: ['Confirm the new dates', 'Rescheduling…'],
  cancel: ['Confirm the cancellation', 'Cancelling…'],
  'no-show': ['Confirm the no-show', 'Recording…'],
};

/** One booking: its details, and reschedule / cancel / no-show with a dry-run preview first. */
function AppointmentPanel({ appointment, patient, resources, timeZone, onChanged, onClose }: {
  appointment: Appointment;
  patient: string;
  resources?: ClinicResources;
  timeZone?: string;
  onChanged: (message: string) => void;
  onClose: () => void;
}) {
  const [when, setWhen] = useState(localInput(appointment.starts_at));
  const [practitioner, setPractitioner] = useState('');
  const [preview, setPreview] = useState<{ action: ChangeAction; answer: Reflow; summary: ReflowSummary }>();
  const form = useSubmit();
  const { errors, setErrors } = form;
  const [doing, setDoing] = useState<ChangeAction | 'confirm'>();
  const busy = form.busy ? doing : undefined;
  const series = useLoad(() => api.patientAppointments(appointment.patient_id), [appointment.patient_id]);
  const previewHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => { if (preview) previewHeading.current?.focus(); }, [preview]);

  const practitionerName = (id: number) => resources?.practitionerNames.get(id) ?? `Practitioner #${id}`;
  const roomName = (id: number) => resources?.roomNames.get(id) ?? `Room #${id}`;
  const startsAt = () => clinicIso(when, timeZone, offsetOf(appointment.starts_at));

  const call = (action: ChangeAction, dryRun: boolean) => action === 'reschedule'
    ? api.reschedule(appointment.id, startsAt(), dryRun, practitioner ? Number(practitioner) : undefined)
    : api.closeAppointment(appointment.id, action, dryRun);

  // The preview's heading takes the focus (an effect below); a confirmed change closes the panel (onChanged).
  const go = (action: ChangeAction, dryRun: boolean) => {
    setDoing(dryRun ? action : 'confirm');
    setErrors({});
    // A 409 names what is in the way (the slot is taken, the clinic is closed, outside the window).
    const known = action === 'reschedule' ? ['starts_at', 'practitioner_id'] : [];
    return form.run(async () => {
      try {
        const answer = await call(action, dryRun);
        const summary = summariseReflow(answer, appointment, action, series.data?.items);
        if (dryRun) setPreview({ action, answer, summary });
        else onChanged(doneMessage(action, appointment, answer, summary));
      } catch (e) {
        if (dryRun) setPreview(undefined);
        throw e;
      }
    }, (e) => (e instanceof ApiError && e.field && !known.includes(e.field) ? { '': generalMessage(e) } : toFieldErrors(e, known)));
  };

  const editable = appointment.status === 'booked';
  const f = 'appt';
  return (
    <section class="card" aria-labelledby="appt-h" data-testid="appointment-panel">
      <h2 id="appt-h" tabIndex={-1}>{appointmentLabel(appointment)} · {patient}</h2>
      <dl class="facts">
        <dt>When</dt><dd>{formatDateTime(appointment.starts_at)} – {formatDateTime(appointment.ends_at).slice(-5)}</dd>
        <dt>Practitioner</dt><dd>{practitionerName(appointment.practitioner_id)}</dd>
        <dt>Room</dt><dd>{roomName(appointment.room_id)}</dd>
        <dt>Status</dt><dd>{STATUS_LABELS[appointment.status] ?? appointment.status}</dd>
      </dl>
      {!editable ? <p class="muted">Only a booked session can be changed.</p> : (
        <>
          {errors[''] && <Notice tone="error">{errors['']}</Notice>}
          <h3>Reschedule</h3>
          <div class="form-grid">
            <TextField form={f} path="starts_at" label="New start" type="datetime-local" value={when} error={errors.starts_at}
              hint="The clinic's local time." onValue={(v) => { setWhen(v); setPreview(undefined); setErrors({}); }} />
            <SelectField form={f} path="practitioner_id" label="Practitioner" value={practitioner} placeholder="The same practitioner"
              options={(resources?.practitioners ?? []).map((p) => [String(p.id), p.name])} error={errors.practitioner_id}
              onValue={(v) => { setPractitioner(v); setPreview(undefined); }} />
          </div>
          <div class="actions">
            <Button type="button" variant="secondary" busy={busy === 'reschedule'} busyLabel="Working out the reflow…" onClick={() => go('reschedule', true)}>
              Preview the reflow
            </Button>
            <Button type="button" variant="secondary" busy={busy === 'cancel'} busyLabel="Working out the reflow…" onClick={() => go('cancel', true)}>
              Preview cancelling
            </Button>
            <Button type="button" variant="secondary" busy={busy === 'no-show'} busyLabel="Working out the reflow…" onClick={() => go('no-show', true)}>
              Preview a no-show
            </Button>
            <Button type="button" variant="secondary" onClick={onClose}>Close</Button>
          </div>
          {preview && (
            <div class="reflow" data-testid="reflow">
              <h3 ref={previewHeading} tabIndex={-1}>{preview.action === 'reschedule' ? 'After the move' : preview.action === 'cancel' ? 'After cancelling' : 'After the no-show'}</h3>
              <ReflowList summary={preview.summary} practitionerName={practitionerName} />
              {preview.summary.unresolved && <Notice tone="warning" title="Cannot be kept">{preview.summary.unresolved}</Notice>}
              <p class="muted">Nothing is changed until you confirm.</p>
              <Button type="button" variant={preview.action === 'reschedule' ? 'primary' : 'danger'} busy={busy === 'confirm'}
                busyLabel={CONFIRM_LABELS[preview.action][1]} onClick={() => go(preview.action, false)}>
                {CONFIRM_LABELS[preview.action][0]}
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function ReflowList({ summary, practitionerName }: { summary: ReflowSummary; practitionerName: (id: number) => string }) {
  const later = summary.changes.filter((c, i) => i > 0 && c.kind === 'moves');
  return (
    <>
      <ul class="list list--compact">
        {summary.changes.map((c) => (
          <li key={`${c.kind}-${c.label}`}>
            {c.kind === 'cancelled' && <>{c.label} on {formatDateTime(c.from!)} is cancelled.</>}
            {c.kind === 'no_show' && <>{c.label} on {formatDateTime(c.from!)} is recorded as a no-show.</>}
            {c.kind === 'rebooked' && <>{c.label} is rebooked for <strong>{formatDateTime(c.to!)}</strong></>}
            {c.kind === 'moves' && <>{c.label} {c.from ? <>moves from {formatDateTime(c.from)} to</> : 'moves to'} <strong>{formatDateTime(c.to!)}</strong></>}
            {c.appointment && <> · {practitionerName(c.appointment.practitioner_id)}</>}
          </li>
        ))}
      </ul>
      {later.length === 0 && !summary.unresolved && <p>No later session moves.</p>}
    </>
  );
}

/** "Session 1 moved to Tue 8 Dec 2026, 09:30; 2 later sessions moved." */
function doneMessage(action: ChangeAction, original: Appointment, answer: Reflow, summary: ReflowSummary): string {
  const moved = answer.moved.length;
  const first = action === 'reschedule'
    ? `${appointmentLabel(original)} moved to ${answer.appointment ? formatDateTime(answer.appointment.starts_at) : 'its new time'}`
    : `${appointmentLabel(original)} is ${action === 'cancel' ? 'cancelled' : 'recorded as a no-show'}${answer.appointment ? ` and rebooked for ${formatDateTime(answer.appointment.starts_at)}` : ''}`;
  const rest = moved ? `; ${moved} later session${moved === 1 ? '' : 's'} moved` : '';
  return `${first}${rest}.${summary.unresolved ? ` ${summary.unresolved}` : ''}`;
}
