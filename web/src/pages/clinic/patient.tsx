// A patient's page: details, the course as a timeline, and progress against the plan.
import { useState } from 'preact/hooks';
import { api, links } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { AnswerOf, Appointment, Page, Patient } from '../../api/types';
import { ProgressChart } from '../../components/progress_chart';
import { Badge, Button, Link, Loading, Notice, PageHeader } from '../../components/ui';
import { clinicResources } from '../../lib/directory';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { FITZPATRICK, formatDate, formatDateTime } from '../../lib/labels';
import { courseSeries } from '../../lib/progress';
import { currentPlan, fullName } from '../../lib/records';
import { idParam } from '../../lib/router';
import { appointmentLabel, byStart, isChartableNow, isFollowUp, nextToChart, STATUS_LABELS } from '../../lib/scheduling';
import { buildTimeline } from '../../lib/timeline';
import { useSession } from '../../lib/session';
import { NotFoundPage } from '../not_found';
import { PatientAdverseEvents } from './adverse_events';
import { ReassessmentForm } from './reassessment_form';
import { useSubmit } from '../../lib/submit';

/** The list, or undefined when the signed-in role may not read it (e.g. a coordinator and assessments). */
async function ifAllowed<T>(load: Promise<Page<T>>): Promise<T[] | undefined> {
  try {
    return (await load).items;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'permission_denied') return undefined;
    throw e;
  }
}

async function loadCourse(id: number, clinical: boolean) {
  // The front desk may not read assessments and screenings: not asked for (no 403 to log).
  const [patient, assessments, screenings, plans] = await Promise.all([
    api.patient(id), clinical ? ifAllowed(api.assessments(id)) : undefined, clinical ? ifAllowed(api.screenings(id)) : undefined, api.plans(id),
  ]);
  return { patient, assessments, screenings, plans: plans.items };
}

export function PatientPage({ params }: { params: Record<string, string> }) {
  const { user } = useSession();
  const id = idParam(params.id);
  const clinical = user.role !== 'coordinator';
  const course = useLoad(() => (id ? loadCourse(id, clinical) : Promise.reject(new Error('bad id'))), [id, clinical]);
  if (!id) return <NotFoundPage />;
  if (course.loading && !course.data) return <Loading />;
  if (course.error !== undefined) {
    return (course.error as { code?: string }).code === 'not_found' ? <NotFoundPage /> : <Notice tone="error">{generalMessage(course.error)}</Notice>;
  }
  const { patient, assessments, screenings, plans } = course.data!;
  const plan = currentPlan(plans);
  const timeline = buildTimeline({ assessments, screenings, plans });

  return (
    <>
      <PageHeader title={fullName(patient)}
        subtitle={`Born ${formatDate(patient.birth_date)} · Fitzpatrick type ${FITZPATRICK[patient.fitzpatrick - 1]}${patient.email ? ` · ${patient.email}` : ''}`}>
        {user.role === 'clinician' && <Link class="btn btn--primary" href={`/patients/${patient.id}/consultation`}>Record consultation</Link>}
        {plan && <Link class="btn btn--secondary" href={`/plans/${plan.id}`}>{plan.status === 'approved' ? 'View plan' : 'Review plan'}</Link>}
        {plan?.status === 'approved' && <Link class="btn btn--secondary" href={`/plans/${plan.id}/booking`}>Book the series</Link>}
        {user.role === 'clinician' && <Link class="btn btn--secondary" href={`/patients/${patient.id}/photos`}>Photographs</Link>}
        {user.role === 'clinician' && <Link class="btn btn--secondary" href={`/patients/${patient.id}/consent?back=/patients/${patient.id}`}>Consent (hand over the tablet)</Link>}
        {user.role !== 'coordinator' && (
          <a class="btn btn--secondary" href={`/api/v1/patients/${patient.id}/fhir`} download={`patient-${patient.id}-fhir.json`}>
            Download record (FHIR)
          </a>
        )}
      </PageHeader>
      <div class="grid grid--2">
        <section class="card" aria-labelledby="timeline-h">
          <h2 id="timeline-h">Timeline</h2>
          {!assessments && <p class="muted">Assessments and screenings are visible to clinicians only.</p>}
          {timeline.length === 0 ? <p class="muted">No consultation recorded yet.</p> : (
            <ol class="timeline">
              {timeline.map((t, i) => (
                <li key={i} class={`timeline-item timeline-item--${t.kind}`}>
                  <time dateTime={t.at}>{formatDateTime(t.at)}</time>
                  <strong>{t.href ? <Link href={t.href}>{t.title}</Link> : t.title}</strong>
                  <span>{t.detail}</span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <AppointmentsCard patientId={patient.id} canChart={user.role === 'clinician'} clinical={clinical} />
        {user.role !== 'coordinator' && <ProgressCard patientId={patient.id} canReassess={user.role === 'clinician'} />}
        {user.role !== 'coordinator' && <PatientAdverseEvents patientId={patient.id} canRecord={user.role === 'clinician'} />}
      </div>
      <PortalAccess patient={patient} />
    </>
  );
}

/** The course against the predicted band; the server says whether it is behind, why, and what to consider. */
function ProgressCard({ patientId, canReassess }: { patientId: number; canReassess: boolean }) {
  const [recorded, setRecorded] = useState<AnswerOf<'/api/v1/patients/{id}/progress', 'get'>>();
  const loaded = useLoad(async () => {
    try {
      return await api.progress(patientId);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;  // no approved plan yet
      throw e;
    }
  }, [patientId]);
  const course = recorded ?? loaded.data;
  return (
    <section class="card" aria-labelledby="progress-h">
      <h2 id="progress-h">Progress</h2>
      {loaded.loading && !course && <Loading />}
      {loaded.error !== undefined && <Notice tone="error">{generalMessage(loaded.error)}</Notice>}
      {!loaded.loading && loaded.error === undefined && !course && <p class="muted">The chart appears once a plan is approved.</p>}
      {course && (
        <>
          <ProgressChart series={courseSeries(course)} title="Goodman & Baron quantitative score against the plan's expected band (lower is better)" />
          <p data-testid="course-status"><Badge tone={course.status === 'behind' ? 'urgent' : 'routine'}>{COURSE_STATUS[course.status]}</Badge> {course.explanation}</p>
          {course.status === 'behind' && (
            <Notice tone="warning">
              <p>{course.behind.reason}</p>
              <ul class="list">{course.suggestions.map((s) => <li key={s.code}>{s.message} <span class="muted">Source: {s.source}</span></li>)}</ul>
            </Notice>
          )}
          <p><a href={`/api/v1/patients/${patientId}/course-summary.pdf`} target="_blank" rel="noopener">Course summary (PDF)</a></p>
          {canReassess && <ReassessmentForm patientId={patientId} sessions={course.sessions} onRecorded={setRecorded} />}
        </>
      )}
    </section>
  );
}

const COURSE_STATUS: Record<string, string> = { too_early: 'Too early to judge', on_track: 'On track', behind: 'Behind expected', ahead: 'Ahead of expected' };

/** The patient's appointments by time; the next session to chart links to the charting page. */
function AppointmentsCard({ patientId, canChart, clinical }: { patientId: number; canChart: boolean; clinical: boolean }) {
  const loaded = useLoad(async () => {
    const [page, resources, clinic, sessions] = await Promise.all([api.patientAppointments(patientId), clinicResources(), api.clinic().catch(() => undefined),
      clinical ? ifAllowed(api.sessions(patientId)) : undefined]);
    // The handout needs a charted session; a coordinator (who may not read sessions) goes by a completed appointment.
    const charted = sessions ? sessions.length > 0 : page.items.some((a) => a.status === 'completed');
    return { items: byStart(page.items), practitioners: resources.practitionerNames, timeZone: clinic?.time_zone, charted };
  }, [patientId, clinical]);
  const next: Appointment | undefined = loaded.data && nextToChart(loaded.data.items);
  return (
    <section class="card" aria-labelledby="appts-h">
      <h2 id="appts-h">Appointments</h2>
      {loaded.loading && !loaded.data && <Loading />}
      {loaded.error !== undefined && <Notice tone="error">{generalMessage(loaded.error)}</Notice>}
      {loaded.data && (loaded.data.items.length === 0 ? <p class="muted">No sessions booked yet.</p> : (
        <ul class="appointments" data-testid="appointments">
          {loaded.data.items.map((a) => (
            <li key={a.id}>
              <span data-kind={a.kind}>{appointmentLabel(a)}</span>
              <strong>{formatDateTime(a.starts_at)}</strong>
              <span class="muted">{loaded.data!.practitioners.get(a.practitioner_id) ?? ''}</span>
              <Badge tone={a.status}>{STATUS_LABELS[a.status] ?? a.status}</Badge>
              {a === next && canChart && (isChartableNow(a, Date.now(), loaded.data!.timeZone)
                ? <Link href={`/appointments/${a.id}/session`}>Chart session {a.session_number}</Link>
                : <span class="muted" data-testid="chart-later">Charting opens on the day of the session</span>)}
              {isFollowUp(a) && a.status === 'booked' && <span class="muted">Re-assess at this visit (no needling)</span>}
            </li>
          ))}
        </ul>
      ))}
      {loaded.data?.charted ? (
        <p data-testid="handout">
          Aftercare handout: <a href={links.handout(patientId)} target="_blank" rel="noopener">print</a>
          {' · '}<a href={links.handout(patientId)} download={`aftercare-handout-${patientId}.pdf`}>download (PDF)</a>
        </p>
      ) : loaded.data && <p class="muted" data-testid="handout">The aftercare handout is ready after the first session.</p>}
      <p><Link href="/calendar">Open the calendar</Link></p>
    </section>
  );
}

type PortalAccount = NonNullable<AnswerOf<'/api/v1/patients/{id}/portal-account', 'get'>['account']>;

const ACCOUNT_STATUS: Record<PortalAccount['status'], string> = {
  invited: 'Invited: the patient has not chosen a password yet.',
  active: 'Active: the patient signs in to the portal.',
  disabled: 'Disabled: the account cannot sign in.',
};

/** The patient's portal account, if any, and the invitation form (resending when there is one). */
function PortalAccess({ patient }: { patient: Patient }) {
  const account = useLoad(() => api.portalAccount(patient.id).then((a) => a.account).catch(() => null), [patient.id]);
  if (account.loading && account.data === undefined) return null;
  return <PortalAccountForm patient={patient} account={account.data ?? undefined} onSent={account.reload} />;
}

/**
 * Portal access by invitation: the server e-mails the patient a single-use link (7 days) to
 * the address on the record, where they choose their own password. Sending again replaces
 * the earlier link (and ends the account's sessions).
 */
export function PortalAccountForm({ patient, account, onSent }: { patient: Patient; account?: PortalAccount; onSent?: () => void }) {
  const email = patient.email?.trim() ?? '';
  const form = useSubmit({ fields: ['email'] });
  const { errors, busy } = form;
  const [sentTo, setSentTo] = useState<string>();
  const [sent, setSent] = useState(0); // invitations sent from this page: a new one after a success is a new request
  const send = () => {
    form.setErrors({});
    setSentTo(undefined);
    return form.run(async () => {
      // The same key while retrying after a failure (a lost answer sends one e-mail), a new
      // one for sending again after a success (a deliberate new invitation).
      const sentAccount = await api.createPortalAccount(patient.id, email, form.key({ email, sent }));
      setSent(sent + 1);
      setSentTo(sentAccount.email || email);
      onSent?.();
      return 'portal-sent';
    });
  };
  const problem = errors[''] ?? errors.email;
  return (
    <section class="card" aria-labelledby="portal-h">
      <h2 id="portal-h">Patient portal access</h2>
      {account && (
        <p data-testid="portal-status"><strong>Portal account {account.email}</strong>: {ACCOUNT_STATUS[account.status]}</p>
      )}
      {email ? (
        <p>
          The patient gets an e-mail at <strong data-testid="portal-email">{email}</strong> with a link to choose their own
          password. Sending it again replaces the earlier link.
        </p>
      ) : (
        <Notice tone="info" title="No e-mail address">
          This record has no e-mail address. Add one to the patient's record first: the invitation is sent there.
        </Notice>
      )}
      {sentTo && <Notice tone="success" id="portal-sent">Invitation sent to {sentTo}. The link works once, for 7 days.</Notice>}
      {problem && <Notice tone="error">{problem}</Notice>}
      <Button type="button" busy={busy} busyLabel="Sending…" disabled={!email} onClick={send}>{account ? 'Resend invitation' : 'Send portal invitation'}</Button>
    </section>
  );
}
