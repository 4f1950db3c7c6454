// The patient's start page: my plan, my next session, the handout and the calendar feed.
import { api, links } from '../../api/endpoints';
import { isMissingEndpoint } from '../../api/client';
import { Link, Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDateTime, ZONE_LABELS } from '../../lib/labels';
import { currentPlan, nextAppointment, todayIso } from '../../lib/records';
import { useSession } from '../../lib/session';

/** The patient's booked sessions from today on, or undefined when the server cannot list them yet. */
async function mySessions(patientId: number) {
  const from = todayIso();
  try {
    return (await api.patientAppointments(patientId)).items.filter((a) => a.status === 'booked' && a.starts_at.slice(0, 10) >= from);
  } catch (e) {
    if (isMissingEndpoint(e)) return undefined;
    throw e;
  }
}

export function PortalHomePage() {
  const { user } = useSession();
  const pid = user.patient_id!;
  const data = useLoad(async () => {
    const [patient, plans, sessions] = await Promise.all([api.patient(pid), api.plans(pid), mySessions(pid)]);
    return { patient, plan: currentPlan(plans.items.filter((p) => p.status === 'approved')), sessions };
  }, [pid]);
  if (data.loading) return <Loading />;
  if (data.error !== undefined) return <Notice tone="error">{generalMessage(data.error)}</Notice>;
  const { patient, plan, sessions } = data.data!;
  const next = sessions && nextAppointment(sessions, Date.now());
  const p = plan?.proposal.plan;

  return (
    <>
      <PageHeader title={`Hello, ${patient.given_name}`} subtitle="Your microneedling treatment for acne scars." />
      <div class="grid grid--2">
        <section class="card card--highlight" aria-labelledby="next-h">
          <h2 id="next-h">My next session</h2>
          {next ? (
            <p class="big" data-testid="next-session">Session {next.session_number}: <strong>{formatDateTime(next.starts_at)}</strong></p>
          ) : <p class="muted" data-testid="next-session">{sessions === undefined ? 'Your booked sessions will be shown here.' : 'No session is booked yet. The clinic will book your series.'}</p>}
          <ul class="list">
            <li><a href={links.calendar(pid)}>Subscribe to my calendar (iCalendar)</a></li>
            <li><a href={links.handout(pid)} download>Download my aftercare handout (PDF)</a></li>
          </ul>
        </section>
        <section class="card" aria-labelledby="plan-h">
          <h2 id="plan-h">My plan</h2>
          {p ? (
            <>
              <p>{p.sessions} sessions, about {p.interval_days.target} days apart. Each visit takes about {p.session_minutes} minutes after {p.numbing_minutes} minutes of numbing cream.</p>
              <p>Treated areas: {p.zones.map((z) => ZONE_LABELS[z.zone] ?? z.zone).join(', ')}.</p>
              <p class="muted">Results build up over several sessions and keep improving for months after the last one. <Link href="/progress">See my progress</Link>.</p>
            </>
          ) : <p class="muted">Your plan will appear here once your clinician has approved it.</p>}
        </section>
      </div>
    </>
  );
}
