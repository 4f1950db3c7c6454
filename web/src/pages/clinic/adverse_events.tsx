// The adverse-event register (issue 19 §4): every adverse event of the clinic, newest first,
// and the one-step "record adverse event" form of an alert, prefilled from it (the type the
// protocol gives the alert, the day it was raised, its session and that session's lot).
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import { ADVERSE_EVENT_SEVERITIES, type AdverseEvent, type AdverseEventType, type ClinicAlert } from '../../api/types';
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
    </>
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
