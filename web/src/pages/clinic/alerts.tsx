// Alerts triage: open alerts from check-ins, most urgent first, each with the patient's name,
// phone and the session it follows; acknowledge or resolve, or record one as an adverse event
// in one step (prefilled from the alert). An acknowledged alert stays on the page under
// "Acknowledged", with who acknowledged it and when, until it is resolved.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { ClinicAlert } from '../../api/types';
import { Badge, Button, Link, Loading, Notice, PageHeader } from '../../components/ui';
import { SourceLink } from '../../components/source_link';
import { generalMessage } from '../../lib/field_errors';
import { focusLater, useLoad } from '../../lib/hooks';
import { formatDateTime, humanise, URGENCY_LABELS } from '../../lib/labels';
import { byUrgency } from './dashboard';
import { useSubmit } from '../../lib/submit';
import { useSession } from '../../lib/session';
import { AdverseEventFromAlert } from './adverse_events';

async function loadAlerts() {
  const [open, acknowledged] = await Promise.all([api.alerts('open'), api.alerts('acknowledged')]);
  return { open: open.items, acknowledged: acknowledged.items };
}

export function AlertsPage() {
  const { user } = useSession();
  const alerts = useLoad(loadAlerts, []);
  const types = useLoad(() => (user.role === 'clinician' ? api.adverseEventTypes() : Promise.resolve(undefined)), [user.role]);
  const [recording, setRecording] = useState<number>();
  const form = useSubmit();
  const [acting, setActing] = useState<number>();
  const busy = form.busy ? acting : undefined;
  const error = form.errors[''];
  const [done, setDone] = useState<string>();
  const act = (id: number, action: 'acknowledge' | 'resolve') => {
    setActing(id);
    setDone(undefined);
    return form.run(async () => {
      form.setErrors({});
      await api.alertAction(id, action);
      alerts.reload();
      setDone(action === 'acknowledge' ? 'The alert is acknowledged.' : 'The alert is resolved.');
      return 'alerts-done';
    }, (e) => ({ '': generalMessage(e) }));
  };
  const item = (a: ClinicAlert) => (
    <li key={a.id} class={`alert-item alert-item--${a.urgency}`} data-testid="alert">
      <div>
        <strong>{humanise(a.code)}</strong>: {a.message}
        <p class="alert-who">
          <Link href={`/patients/${a.patient_id}`}>{a.patient?.name ?? 'Patient record'}</Link>
          {a.patient?.phone && <> · <a href={`tel:${a.patient.phone.replace(/[^+\d]/g, '')}`}>{a.patient.phone}</a></>}
          {a.session ? <> · after session {a.session.session_number} ({formatDateTime(a.session.ended_at)})</> : <> · before the first session</>}
        </p>
        <p class="muted">Raised {formatDateTime(a.created_at)}</p>
        {a.acknowledged && <p class="muted" data-testid="acknowledged-by">Acknowledged by {a.acknowledged.by_name ?? `user #${a.acknowledged.by}`} on {formatDateTime(a.acknowledged.at)}</p>}
        {a.source && <p><SourceLink source={a.source} /></p>}
      </div>
      <div class="alert-actions">
        {a.status === 'open' && <Button type="button" variant="secondary" busy={busy === a.id} onClick={() => act(a.id, 'acknowledge')}>Acknowledge</Button>}
        <Button type="button" variant="secondary" busy={busy === a.id} onClick={() => act(a.id, 'resolve')}>Resolve</Button>
        {types.data && (
          <Button type="button" variant="secondary" aria-expanded={recording === a.id}
            onClick={() => setRecording(recording === a.id ? undefined : a.id)}>Record adverse event</Button>
        )}
      </div>
      {types.data && recording === a.id && (
        <AdverseEventFromAlert alert={a} types={types.data.items} onRecorded={() => {
          setRecording(undefined);
          setDone('Recorded in the adverse-event register.');
          focusLater('alerts-done');
        }} />
      )}
    </li>
  );
  return (
    <>
      <PageHeader title="Alerts" subtitle="Check-in answers outside the expected recovery course." />
      {done && <Notice tone="success" id="alerts-done">{done} {done.startsWith('Recorded') && <Link href="/adverse-events">Open the register</Link>}</Notice>}
      {error && <Notice tone="error">{error}</Notice>}
      {alerts.loading && !alerts.data && <Loading />}
      {alerts.error !== undefined && <Notice tone="error">{generalMessage(alerts.error)}</Notice>}
      {alerts.data && alerts.data.open.length === 0 && <p class="muted">No open alerts.</p>}
      {alerts.data && byUrgency(alerts.data.open).filter(([, l]) => l.length).map(([urgency, list]) => (
        <section key={urgency} class="card" aria-labelledby={`alerts-${urgency}`}>
          <h2 id={`alerts-${urgency}`}><Badge tone={urgency}>{URGENCY_LABELS[urgency]}</Badge> {list.length} open</h2>
          <ul class="alert-list">{list.map(item)}</ul>
        </section>
      ))}
      {alerts.data && alerts.data.acknowledged.length > 0 && (
        <section class="card" aria-labelledby="alerts-acknowledged" data-testid="acknowledged">
          <h2 id="alerts-acknowledged">Acknowledged ({alerts.data.acknowledged.length})</h2>
          <p class="muted">Seen by a clinician, not yet resolved.</p>
          <ul class="alert-list">{alerts.data.acknowledged.map(item)}</ul>
        </section>
      )}
    </>
  );
}
