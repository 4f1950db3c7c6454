// The clinician's start page: today's sessions, open alerts by urgency, courses behind their
// expected band, and patients whose plan waits for approval or for booking. One request
// (GET /api/v1/dashboard; a further one per 1,000 patients), never one per patient; the server
// leaves alerts and courses behind out (null) for coordinators.
import { api } from '../../api/endpoints';
import type { ClinicAlert, Dashboard, DashboardPatient, Urgency } from '../../api/types';
import { Badge, Link, Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDateTime, URGENCY_LABELS } from '../../lib/labels';
import { fullName, todayIso } from '../../lib/records';
import { appointmentLabel, isFollowUp, STATUS_LABELS } from '../../lib/scheduling';
import { useSession } from '../../lib/session';

const URGENCIES: Urgency[] = ['emergency', 'urgent', 'soon', 'routine'];

/** Open alerts grouped by urgency, most urgent first, oldest first inside a group. */
export function byUrgency<A extends Pick<ClinicAlert, 'urgency' | 'created_at'>>(alerts: readonly A[]): [Urgency, A[]][] {
  return URGENCIES.map((u) => [u, alerts.filter((a) => a.urgency === u).sort((a, b) => a.created_at.localeCompare(b.created_at))]);
}

/** The whole summary: the first page, then any further pages of patients (1,000 a page). */
async function loadDashboard(day: string): Promise<Dashboard> {
  const first = await api.dashboard(day);
  let cursor = first.next_cursor;
  while (cursor) {
    const more = await api.dashboard(day, cursor);
    first.patients.push(...more.patients);
    cursor = more.next_cursor;
  }
  return first;
}

export function DashboardPage() {
  const { user } = useSession();
  const today = todayIso();
  const summary = useLoad(() => loadDashboard(today), [today]);
  // Alerts are clinical: the server counts them for clinicians and admins, not coordinators.
  const readsAlerts = user.role !== 'coordinator';
  const data = summary.data;
  const patients: DashboardPatient[] = data?.patients ?? [];
  const proposed = patients.filter((p) => p.plan_status === 'proposed');
  const approved = patients.filter((p) => p.plan_status === 'approved' && !p.series_booked);
  const alertCounts = URGENCIES.map((u) => [u, data?.open_alerts?.[u] ?? 0] as const).filter(([, n]) => n > 0);

  return (
    <>
      <PageHeader title="Dashboard" subtitle={`Good day, ${user.name}.`}>
        <Link class="btn btn--primary" href="/patients?new=1">New patient</Link>
      </PageHeader>
      {summary.loading && !data && <Loading />}
      {summary.error !== undefined && <Notice tone="error">{generalMessage(summary.error)}</Notice>}
      {data && (
        <div class="grid grid--3" data-testid="dashboard" data-patients={patients.length}>
          <section class="card" aria-labelledby="today-h">
            <h2 id="today-h">Today's sessions</h2>
            {data.sessions.length === 0 ? <p class="muted">No sessions today.</p> : (
              <ul class="appointments">
                {data.sessions.map((a) => (
                  <li key={a.id}>
                    <strong>{formatDateTime(a.starts_at).slice(-5)}</strong>
                    <Link href={`/patients/${a.patient_id}`}>{a.patient_name}</Link>
                    <span>{appointmentLabel(a, true)} · {a.practitioner_name}</span>
                    {a.status === 'booked'
                      ? user.role === 'clinician' && !isFollowUp(a) && <Link href={`/appointments/${a.id}/session`} aria-label={`Chart session ${a.session_number} of ${a.patient_name}`}>Chart</Link>
                      : <Badge tone={a.status}>{STATUS_LABELS[a.status]}</Badge>}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {readsAlerts && <section class="card" aria-labelledby="alerts-h">
            <h2 id="alerts-h">Open alerts</h2>
            {alertCounts.length === 0 ? <p class="muted">No open alerts.</p> : (
              <ul class="list">
                {alertCounts.map(([u, n]) => (
                  <li key={u}><Badge tone={u}>{URGENCY_LABELS[u]}</Badge> {n} · <Link href="/alerts">triage</Link></li>
                ))}
              </ul>
            )}
          </section>}
          {readsAlerts && <section class="card" aria-labelledby="behind-h" data-testid="behind-list">
            <h2 id="behind-h">Behind expected</h2>
            {(data.behind ?? []).length === 0 ? <p class="muted">No course is behind.</p> : (
              <ul class="list">
                {(data.behind ?? []).map((c) => (
                  <li key={c.patient_id}>
                    <Link href={`/patients/${c.patient_id}`}>{c.patient_name}</Link>: {c.behind.reason}
                    <ul>{c.suggestions.map((s) => <li key={s.code}>{s.message}</li>)}</ul>
                  </li>
                ))}
              </ul>
            )}
          </section>}
          <section class="card" aria-labelledby="waiting-h">
            <h2 id="waiting-h">Waiting</h2>
            <h3>Plan approval ({proposed.length})</h3>
            {proposed.length === 0 ? <p class="muted">None.</p> : (
              <ul class="list">
                {proposed.map((p) => (
                  <li key={p.plan_id}><Link href={`/plans/${p.plan_id}`}>{fullName(p)}</Link></li>
                ))}
              </ul>
            )}
            <h3>Waiting for booking ({approved.length})</h3>
            {approved.length === 0 ? <p class="muted">None.</p> : (
              <ul class="list">
                {approved.map((p) => (
                  <li key={p.plan_id}>{fullName(p)} · <Link href={`/plans/${p.plan_id}/booking`}>book the series</Link></li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
    </>
  );
}
