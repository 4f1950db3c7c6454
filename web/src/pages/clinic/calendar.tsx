// The clinic calendar: day or week, all bookings or one column per practitioner or room.
// Choosing a booking opens the reschedule panel: pick a new slot, see how the rest of the
// series reflows, then confirm.
import { useCallback, useMemo, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { isMissingEndpoint } from '../../api/client';
import type { Appointment } from '../../api/types';
import { CalendarView } from '../../components/calendar_view';
import { Button, Loading, Notice, NotYetAvailable, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage, toFieldErrors, type FieldErrors } from '../../lib/field_errors';
import { toCalendarEvents, weekRange, type GroupBy } from '../../lib/calendar_events';
import { useLoad } from '../../lib/hooks';
import { formatDateTime } from '../../lib/labels';
import { todayIso } from '../../lib/records';

const EMPTY: { id: number; name: string }[] = [];

export function CalendarPage() {
  const [date, setDate] = useState(todayIso());
  const [span, setSpan] = useState<'day' | 'week'>('week');
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [selected, setSelected] = useState<Appointment>();
  const range = span === 'week' ? weekRange(date) : { from: date, to: date };
  const bookings = useLoad(() => api.appointments(range.from, range.to), [range.from, range.to]);
  const resources = useLoad(
    () => (groupBy === 'practitioner' ? api.practitioners() : groupBy === 'room' ? api.rooms() : Promise.resolve({ items: EMPTY })),
    [groupBy],
  );
  const events = useMemo(() => toCalendarEvents(bookings.data?.items ?? [], groupBy, () => 'Patient'), [bookings.data, groupBy]);
  const onPick = useCallback((id: string) => setSelected(bookings.data?.items.find((a) => String(a.id) === id)), [bookings.data]);

  return (
    <>
      <PageHeader title="Calendar" />
      <div class="card toolbar">
        <TextField form="cal" path="date" label="Date" type="date" value={date} onValue={(v) => v && setDate(v)} />
        <SelectField form="cal" path="span" label="View" value={span} onValue={(v) => setSpan(v as 'day' | 'week')} options={[['day', 'Day'], ['week', 'Week']]} />
        <SelectField form="cal" path="group" label="Columns" value={groupBy} onValue={(v) => setGroupBy(v as GroupBy)}
          options={[['none', 'All bookings'], ['practitioner', 'By practitioner'], ['room', 'By room']]} />
      </div>
      {bookings.loading && <Loading label="Loading bookings…" />}
      {bookings.error !== undefined && (isMissingEndpoint(bookings.error) ? <NotYetAvailable what="The clinic calendar" />
        : <Notice tone="error">{generalMessage(bookings.error)}</Notice>)}
      {resources.error !== undefined && !isMissingEndpoint(resources.error) && <Notice tone="error">{generalMessage(resources.error)}</Notice>}
      <div class="card">
        <CalendarView events={events} groupBy={groupBy} resources={resources.data?.items ?? EMPTY} span={span} date={date} onPick={onPick} />
      </div>
      {bookings.data && bookings.data.items.length > 0 && (
        <section class="card" aria-labelledby="list-h">
          <h2 id="list-h">Bookings in this view</h2>
          <ul class="list">
            {bookings.data.items.map((a) => (
              <li key={a.id}><button type="button" class="link-button" onClick={() => setSelected(a)}>{formatDateTime(a.starts_at)} · session {a.session_number}</button></li>
            ))}
          </ul>
        </section>
      )}
      {selected && <ReschedulePanel appointment={selected} onDone={() => { setSelected(undefined); bookings.reload(); }} />}
    </>
  );
}

function ReschedulePanel({ appointment, onDone }: { appointment: Appointment; onDone: () => void }) {
  const [when, setWhen] = useState(appointment.starts_at.slice(0, 16));
  const [reflow, setReflow] = useState<Appointment[]>();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState<'preview' | 'confirm'>();
  const offset = appointment.starts_at.slice(19) || 'Z';

  const go = async (dryRun: boolean) => {
    setBusy(dryRun ? 'preview' : 'confirm');
    setErrors({});
    try {
      const series = await api.reschedule(appointment.id, `${when}:00${offset}`, dryRun);
      if (dryRun) setReflow(series);
      else onDone();
    } catch (e) {
      setErrors(toFieldErrors(e, ['starts_at'], (f) => f));
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="card" aria-labelledby="resched-h">
      <h2 id="resched-h">Reschedule session {appointment.session_number}</h2>
      <p>Now: {formatDateTime(appointment.starts_at)}</p>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <TextField form="resched" path="starts_at" label="New start" type="datetime-local" value={when} onValue={(v) => { setWhen(v); setReflow(undefined); }} error={errors.starts_at} />
      <Button type="button" variant="secondary" busy={busy === 'preview'} busyLabel="Working out the reflow…" onClick={() => go(true)}>Preview the reflow</Button>
      {reflow && (
        <>
          <h3>After the move</h3>
          <ol class="list list--compact">{reflow.map((a) => <li key={a.id}>Session {a.session_number}: {formatDateTime(a.starts_at)}</li>)}</ol>
          <Button type="button" busy={busy === 'confirm'} busyLabel="Rescheduling…" onClick={() => go(false)}>Confirm the new dates</Button>
        </>
      )}
    </section>
  );
}
