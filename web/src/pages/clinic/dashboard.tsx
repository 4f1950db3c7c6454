// The clinician's start page: today's sessions, open alerts by urgency, and patients whose
// plan waits for approval or for booking.
import { api } from '../../api/endpoints';
import type { AnyPlan, ClinicAlert, Patient, Urgency } from '../../api/types';
import { Badge, Link, Loading, Notice, PageHeader } from '../../components/ui';
import { clinicResources, patientNames } from '../../lib/directory';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDateTime, URGENCY_LABELS } from '../../lib/labels';
import { currentPlan, fullName, todayIso } from '../../lib/records';
import { byStart, isSeriesBooked, nextDay, STATUS_LABELS } from '../../lib/scheduling';
import { useSession } from '../../lib/session';

const URGENCIES: Urgency[] = ['emergency', 'urgent', 'soon', 'routine'];

/** Open alerts grouped by urgency, most urgent first, oldest first inside a group. */
export function byUrgency(alerts: readonly ClinicAlert[]): [Urgency, ClinicAlert[]][] {
  return URGENCIES.map((u) => [u, alerts.filter((a) => a.urgency === u).sort((a, b) => a.created_at.localeCompare(b.created_at))]);
}

/** Today's appointments (the clinic's day), by time, with patient and practitioner names. */
async function todaysSessions(today: string) {
  const [page, resources] = await Promise.all([api.appointments(today, nextDay(today)), clinicResources()]);
  const patients = await patientNames(page.items.map((a) => a.patient_id));
  return { items: byStart(page.items), patients, practitioners: resources.practitionerNames };
}

/** Patients whose current plan waits for approval, or is approved and waits for its series to be booked. */
async function waitingPatients(): Promise<{ patient: Patient; plan: AnyPlan }[]> {
  const page = await api.listPatients('');
  const rows = await Promise.all(page.items.map(async (patient) => {
    const plan = currentPlan((await api.plans(patient.id)).items);
    if (plan?.status !== 'approved') return { patient, plan };
    const booked = isSeriesBooked(plan.id, (await api.patientAppointments(patient.id)).items);
    return { patient, plan: booked ? undefined : plan };
  }));
  return rows.filter((r): r is { patient: Patient; plan: AnyPlan } => !!r.plan);
}

export function DashboardPage() {
  const { user } = useSession();
  const today = todayIso();
  const sessions = useLoad(() => todaysSessions(today), [today]);
  // Alerts are clinical: the server answers them to clinicians and admins, not coordinators.
  const readsAlerts = user.role !== 'coordinator';
  const alerts = useLoad(() => (readsAlerts ? api.alerts('open') : Promise.resolve(undefined)), [readsAlerts]);
  const waiting = useLoad(waitingPatients, []);
  const behind = useLoad(() => (readsAlerts ? api.behindCourses() : Promise.resolve(undefined)), [readsAlerts]);
  const proposed = waiting.data?.filter((r) => r.plan.status === 'proposed') ?? [];
  const approved = waiting.data?.filter((r) => r.plan.status === 'approved') ?? [];

  return (
    <>
      <PageHeader title="Dashboard" subtitle={`Good day, ${user.name}.`}>
        <Link class="btn btn--primary" href="/patients?new=1">New patient</Link>
      </PageHeader>
      <div class="grid grid--3">
        <section class="card" aria-labelledby="today-h">
          <h2 id="today-h">Today's sessions</h2>
          {sessions.loading && <Loading />}
          {sessions.error !== undefined && <Notice tone="error">{generalMessage(sessions.error)}</Notice>}
          {sessions.data && (sessions.data.items.length === 0 ? <p class="muted">No sessions today.</p> : (
            <ul class="appointments">
              {sessions.data.items.map((a) => (
                <li key={a.id}>
                  <strong>{formatDateTime(a.starts_at).slice(-5)}</strong>
                  <Link href={`/patients/${a.patient_id}`}>{sessions.data!.patients.get(a.patient_id)}</Link>
                  <span>session {a.session_number} · {sessions.data!.practitioners.get(a.practitioner_id) ?? ''}</span>
                  {a.status === 'booked'
                    ? user.role === 'clinician' && <Link href={`/appointments/${a.id}/session`} aria-label={`Chart session ${a.session_number} of ${sessions.data!.patients.get(a.patient_id)}`}>Chart</Link>
                    : <Badge tone={a.status}>{STATUS_LABELS[a.status]}</Badge>}
                </li>
              ))}
            </ul>
          ))}
        </section>
        {readsAlerts && <section class="card" aria-labelledby="alerts-h">
          <h2 id="alerts-h">Open alerts</h2>
          {alerts.loading && <Loading />}
          {alerts.error !== undefined && <Notice tone="error">{generalMessage(alerts.error)}</Notice>}
          {alerts.data && (alerts.data.items.length === 0 ? <p class="muted">No open alerts.</p> : (
            <ul class="list">
              {byUrgency(alerts.data.items).filter(([, list]) => list.length).map(([u, list]) => (
                <li key={u}><Badge tone={u}>{URGENCY_LABELS[u]}</Badge> {list.length} · <Link href="/alerts">triage</Link></li>
              ))}
            </ul>
          ))}
        </section>}
        {readsAlerts && <section class="card" aria-labelledby="behind-h" data-testid="behind-list">
          <h2 id="behind-h">Behind expected</h2>
          {behind.loading && <Loading />}
          {behind.error !== undefined && <Notice tone="error">{generalMessage(behind.error)}</Notice>}
          {behind.data && (behind.data.items.length === 0 ? <p class="muted">No course is behind.</p> : (
            <ul class="list">
              {behind.data.items.map((c) => (
                <li key={c.patient_id}>
                  <Link href={`/patients/${c.patient_id}`}>{c.patient_name}</Link>: {c.behind.reason}
                  <ul>{c.suggestions.map((s) => <li key={s.code}>{s.message}</li>)}</ul>
                </li>
              ))}
            </ul>
          ))}
        </section>}
        <section class="card" aria-labelledby="waiting-h">
          <h2 id="waiting-h">Waiting</h2>
          {waiting.loading && <Loading />}
          {waiting.error !== undefined && <Notice tone="error">{generalMessage(waiting.error)}</Notice>}
          {waiting.data && (
            <>
              <h3>Plan approval ({proposed.length})</h3>
              {proposed.length === 0 ? <p class="muted">None.</p> : (
                <ul class="list">
                  {proposed.map(({ patient, plan }) => (
                    <li key={plan.id}><Link href={`/plans/${plan.id}`}>{fullName(patient)}</Link></li>
                  ))}
                </ul>
              )}
              <h3>Waiting for booking ({approved.length})</h3>
              {approved.length === 0 ? <p class="muted">None.</p> : (
                <ul class="list">
                  {approved.map(({ patient, plan }) => (
                    <li key={plan.id}>{fullName(patient)} · <Link href={`/plans/${plan.id}/booking`}>book the series</Link></li>
                  ))}
                </ul>
              )}
            </>
          )}
        </section>
      </div>
    </>
  );
}
