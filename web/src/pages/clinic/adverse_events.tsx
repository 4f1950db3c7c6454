// The adverse-event register (issue 19 §4): every adverse event of the clinic, newest first,
// the one-step "record adverse event" form of an alert, prefilled from it (the type the
// protocol gives the alert, the day it was raised, its session and that session's lot), and a
// patient's own events on their page, where a clinician records one.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ADVERSE_EVENT_SEVERITIES, type AdverseEvent, type AdverseEventType, type ClinicAlert, type LotSession } from '../../api/types';
import { Button, Link, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDate, humanise } from '../../lib/labels';
import { useSubmit } from '../../lib/submit';

export function AdverseEventsPage() {
  const types = useLoad(() => api.adverseEventTypes(), []);
  const [pages, setPages] = useState<AdverseEvent[][]>([]);
  const [cursor, setCursor] = useState<string | null>();
  const first = useLoad(() => api.adverseEvents(), []);
  const more = useSubmit();
  const events = [...(first.data?.items ?? []), ...pages.flat()];
  const next = cursor === undefined ? first.data?.next_cursor : cursor;
  const label = (code: string) => types.data?.items.find((t) => t.code === code)?.label ?? humanise(code);
  const loadMore = () => more.run(async () => {
    const page = await api.adverseEvents(next ?? undefined);
    setPages([...pages, page.items]);
    setCursor(page.next_cursor ?? null);
  }, (e) => ({ '': generalMessage(e) }));
  return (
    <>
      <PageHeader title="Adverse events" subtitle="The clinic's register: what happened after a session, how it was treated, how it ended." />
      {first.loading && <Loading />}
      {first.error !== undefined && <Notice tone="error">{generalMessage(first.error)}</Notice>}
      {first.data && events.length === 0 && <p class="muted">No adverse events recorded.</p>}
      {events.length > 0 && (
        <section class="card" aria-labelledby="register-h">
          <h2 id="register-h">Register</h2>
          <table class="table" id="adverse-event-register">
            <thead><tr>
              <th scope="col">Onset</th><th scope="col">Type</th><th scope="col">Severity</th><th scope="col">Patient</th>
              <th scope="col">Session / lot</th><th scope="col">Treatment</th><th scope="col">Outcome</th>
            </tr></thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.onset_on)}</td>
                  <th scope="row">{label(e.type)}</th>
                  <td>{humanise(e.severity)}</td>
                  <td><Link href={`/patients/${e.patient_id}`}>Patient record</Link></td>
                  <td>{e.session_id ? `Session ${e.session_id}` : '–'}{e.lot ? ` · lot ${e.lot}` : ''}</td>
                  <td>{e.treatment || '–'}</td>
                  <td>{humanise(e.outcome)}{e.resolved_on ? ` (${formatDate(e.resolved_on)})` : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {more.errors[''] && <Notice tone="error">{more.errors['']}</Notice>}
          {next && <Button type="button" variant="secondary" busy={more.busy} onClick={loadMore}>Show older events</Button>}
        </section>
      )}
      <LotRecall />
    </>
  );
}

/** A recall: every charted session, and so every patient, treated with a cartridge lot. */
function LotRecall() {
  const [lot, setLot] = useState('');
  const [found, setFound] = useState<{ lot: string; sessions: LotSession[] }>();
  const form = useSubmit({ fields: ['lot'] });
  const submit = (e: Event) => {
    e.preventDefault();
    if (!form.check(lot.trim() ? {} : { lot: 'Enter the lot number of the recall notice.' })) return;
    return form.run(async () => {
      const sessions: LotSession[] = [];
      let page = await api.lotSessions(lot.trim());
      sessions.push(...page.items);
      while (page.next_cursor && sessions.length < 5000) {
        page = await api.lotSessions(lot.trim(), page.next_cursor);
        sessions.push(...page.items);
      }
      setFound({ lot: lot.trim(), sessions });
      return 'recall-result';
    });
  };
  const patients = new Set(found?.sessions.map((s) => s.patient_id));
  return (
    <section class="card" aria-labelledby="recall-h">
      <h2 id="recall-h">Recall a cartridge lot</h2>
      <form onSubmit={submit} noValidate aria-label="Recall a cartridge lot">
        <TextField form="recall" path="lot" label="Lot number" value={lot} error={form.errors.lot} onValue={(v) => { form.clear('lot'); setLot(v); }} />
        <Button type="submit" busy={form.busy} busyLabel="Searching…">Find the sessions</Button>
      </form>
      {form.errors[''] && <Notice tone="error">{form.errors['']}</Notice>}
      {found && (
        <div id="recall-result" tabIndex={-1}>
          <p>{found.sessions.length === 0 ? `No charted session used lot ${found.lot}.`
            : `Lot ${found.lot}: ${found.sessions.length} session${found.sessions.length === 1 ? '' : 's'}, ${patients.size} patient${patients.size === 1 ? '' : 's'}.`}</p>
          {found.sessions.length > 0 && (
            <div class="table-wrap">
              <table class="table table--stack" data-testid="recall">
                <thead><tr><th scope="col">Session</th><th scope="col">Ended</th><th scope="col">Device</th><th scope="col">Patient</th><th scope="col">In the catalogue</th></tr></thead>
                <tbody>
                  {found.sessions.map((s) => (
                    <tr key={s.session_id}>
                      <th scope="row">Session {s.session_number}</th>
                      <td>{formatDate(s.ended_at.slice(0, 10))}</td>
                      <td>{s.device || '–'}</td>
                      <td><Link href={`/patients/${s.patient_id}`}>Patient record</Link></td>
                      <td>{s.catalogued ? 'Yes' : 'No: check it by hand'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}
    </section>
  );
}

/** The one-step form that records an alert as an adverse event, prefilled from the alert. */
export function AdverseEventFromAlert({ alert, types, onRecorded }: {
  alert: ClinicAlert; types: AdverseEventType[]; onRecorded: (e: AdverseEvent) => void;
}) {
  const F = `adverse-${alert.id}`;
  const suggested = types.find((t) => t.from_alerts.includes(alert.code))?.code ?? '';
  const [type, setType] = useState(suggested);
  const [severity, setSeverity] = useState('');
  const [treatment, setTreatment] = useState('');
  const form = useSubmit({ fields: ['type', 'severity', 'treatment'] });
  const { errors, busy, clear } = form;
  const submit = (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!type) local.type = 'Choose the kind of adverse event.';
    if (!severity) local.severity = 'Choose the severity.';
    if (!form.check(local)) return;
    return form.run(async () => {
      onRecorded(await api.adverseEventFromAlert(alert.id, {
        type, severity: severity as AdverseEvent['severity'], ...(treatment ? { treatment } : {}),
      }));
    });
  };
  return (
    <form onSubmit={submit} noValidate class="adverse-event-form" aria-label="Record adverse event">
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <div class="form-grid">
        <SelectField form={F} path="type" label="Type" value={type} error={errors.type}
          options={types.map((t): [string, string] => [t.code, t.label])} placeholder="Choose…" onValue={(v) => { clear('type'); setType(v); }} />
        <SelectField form={F} path="severity" label="Severity" value={severity} error={errors.severity}
          options={ADVERSE_EVENT_SEVERITIES.map((s): [string, string] => [s, humanise(s)])} placeholder="Choose…"
          onValue={(v) => { clear('severity'); setSeverity(v); }} />
        <TextField form={F} path="treatment" label="Treatment given (optional)" value={treatment} error={errors.treatment}
          onValue={(v) => { clear('treatment'); setTreatment(v); }} />
      </div>
      <p class="muted">Onset, session and cartridge lot are taken from the alert.</p>
      <Button type="submit" busy={busy} busyLabel="Recording…">Record adverse event</Button>
    </form>
  );
}

/**
 * A patient's adverse events on their page (admin, clinician), newest first, and for a
 * clinician the form that records one: the protocol's type, severity, onset, the session it
 * followed (its cartridge lot is taken from that session), the treatment and notes.
 */
export function PatientAdverseEvents({ patientId, canRecord }: { patientId: number; canRecord: boolean }) {
  const [version, setVersion] = useState(0);
  const loaded = useLoad(() => Promise.all([
    api.patientAdverseEvents(patientId), api.adverseEventTypes(), api.sessions(patientId).then((s) => s.items).catch(() => []),
  ]), [patientId, version]);
  const [adding, setAdding] = useState(false);
  const [recorded, setRecorded] = useState<AdverseEvent>();
  if (loaded.loading && !loaded.data) return <section class="card" aria-labelledby="ae-h"><h2 id="ae-h">Adverse events</h2><Loading /></section>;
  if (loaded.error !== undefined) {
    return <section class="card" aria-labelledby="ae-h"><h2 id="ae-h">Adverse events</h2><Notice tone="error">{generalMessage(loaded.error)}</Notice></section>;
  }
  const [events, types, sessions] = loaded.data!;
  const label = (code: string) => types.items.find((t) => t.code === code)?.label ?? humanise(code);
  const sessionNumber = (id?: number | null) => sessions.find((s) => s.id === id)?.session_number;
  return (
    <section class="card" aria-labelledby="ae-h" data-testid="patient-adverse-events">
      <h2 id="ae-h">Adverse events</h2>
      {recorded && <Notice tone="success" id="adverse-event-recorded">{label(recorded.type)} ({humanise(recorded.severity)}) is recorded in the register.</Notice>}
      {events.items.length === 0 ? <p class="muted">None recorded.</p> : (
        <div class="table-wrap">
        <table class="table table--stack">
          <thead><tr>
            <th scope="col">Onset</th><th scope="col">Type</th><th scope="col">Severity</th><th scope="col">Session / lot</th>
            <th scope="col">Treatment</th><th scope="col">Outcome</th>
          </tr></thead>
          <tbody>
            {events.items.map((e) => (
              <tr key={e.id}>
                <td>{formatDate(e.onset_on)}</td>
                <th scope="row">{label(e.type)}</th>
                <td>{humanise(e.severity)}</td>
                <td>{e.session_id ? `Session ${sessionNumber(e.session_id) ?? e.session_id}` : '–'}{e.lot ? ` · lot ${e.lot}` : ''}</td>
                <td>{e.treatment || '–'}</td>
                <td>{humanise(e.outcome)}{e.resolved_on ? ` (${formatDate(e.resolved_on)})` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {canRecord && !adding && (
        <Button type="button" variant="secondary" onClick={() => { setAdding(true); setRecorded(undefined); }}>Record an adverse event</Button>
      )}
      {canRecord && adding && (
        <PatientAdverseEventForm patientId={patientId} types={types.items} sessions={sessions.map((s) => ({ id: s.id, number: s.session_number, lot: s.chart.cartridge_lot, ended: s.chart.ended_at }))}
          onCancel={() => setAdding(false)}
          onRecorded={(e) => { setAdding(false); setRecorded(e); setVersion(version + 1); }} />
      )}
    </section>
  );
}

const AE_FIELDS = ['type', 'severity', 'onset_on', 'session_id', 'lot', 'treatment', 'notes'];

function PatientAdverseEventForm({ patientId, types, sessions, onRecorded, onCancel }: {
  patientId: number; types: AdverseEventType[]; sessions: { id: number; number: number; lot: string; ended: string }[];
  onRecorded: (e: AdverseEvent) => void; onCancel: () => void;
}) {
  const F = 'adverse-event';
  const [input, setInput] = useState({ type: '', severity: '', onset_on: '', session: sessions.length ? String(sessions[sessions.length - 1].id) : '', treatment: '', notes: '' });
  const form = useSubmit({ fields: AE_FIELDS, rename: (f) => (f === 'session_id' ? 'session' : f) });
  const { errors, busy, clear } = form;
  const set = (k: keyof typeof input) => (v: string) => { clear(k === 'session' ? 'session' : k); setInput({ ...input, [k]: v }); };
  const submit = (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!input.type) local.type = 'Choose the kind of adverse event.';
    if (!input.severity) local.severity = 'Choose the severity.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.onset_on)) local.onset_on = 'Enter the day it began.';
    else if (input.onset_on > new Date().toISOString().slice(0, 10)) local.onset_on = 'The onset cannot be in the future.';
    if (!form.check(local)) return;
    return form.run(async () => {
      onRecorded(await api.recordAdverseEvent(patientId, {
        type: input.type, severity: input.severity as AdverseEvent['severity'], onset_on: input.onset_on,
        ...(input.session ? { session_id: Number(input.session) } : {}),
        ...(input.treatment.trim() ? { treatment: input.treatment.trim() } : {}),
        ...(input.notes.trim() ? { notes: input.notes.trim() } : {}),
      }));
      return 'adverse-event-recorded';
    });
  };
  return (
    <form onSubmit={submit} noValidate class="adverse-event-form" aria-label="Record an adverse event">
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <div class="form-grid">
        <SelectField form={F} path="type" label="Type" value={input.type} error={errors.type} placeholder="Choose…"
          options={types.map((t): [string, string] => [t.code, t.label])} onValue={set('type')} />
        <SelectField form={F} path="severity" label="Severity" value={input.severity} error={errors.severity} placeholder="Choose…"
          options={ADVERSE_EVENT_SEVERITIES.map((s): [string, string] => [s, humanise(s)])} onValue={set('severity')} />
        <TextField form={F} path="onset_on" label="Onset" type="date" value={input.onset_on} error={errors.onset_on} onValue={set('onset_on')} />
        <SelectField form={F} path="session" label="After session (optional)" value={input.session} error={errors.session}
          placeholder="Not linked to a session" hint="Its cartridge lot is recorded with the event."
          options={sessions.map((s): [string, string] => [String(s.id), `Session ${s.number} · ${formatDate(s.ended.slice(0, 10))}${s.lot ? ` · lot ${s.lot}` : ''}`])}
          onValue={set('session')} />
        <TextField form={F} path="treatment" label="Treatment given (optional)" value={input.treatment} error={errors.treatment} onValue={set('treatment')} />
      </div>
      <div class="field">
        <label for={`${F}-notes`}>Notes (optional)</label>
        <textarea id={`${F}-notes`} rows={2} value={input.notes} onInput={(e) => set('notes')((e.currentTarget as HTMLTextAreaElement).value)} />
      </div>
      <div class="actions">
        <Button type="submit" busy={busy} busyLabel="Recording…">Record the adverse event</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
