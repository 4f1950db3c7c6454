// The patient's start page: my next session, my plan, the handout and my calendar (a file
// to download, or a subscription address that calendar apps keep up to date).
import { useState } from 'preact/hooks';
import { absoluteUrl, api, links } from '../../api/endpoints';
import { Button, Link, Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDateTime, ZONE_LABELS } from '../../lib/labels';
import { currentPlan, isClinicalPlan, nextAppointment } from '../../lib/records';
import { useSession } from '../../lib/session';
import { appointmentLabel } from '../../lib/scheduling';
import { useSubmit } from '../../lib/submit';

export function PortalHomePage() {
  const { user } = useSession();
  const pid = user.patient_id!;
  const data = useLoad(async () => {
    const [patient, plans, appointments, sessions] = await Promise.all([api.patient(pid), api.plans(pid), api.patientAppointments(pid), api.sessions(pid)]);
    return {
      patient, plan: currentPlan(plans.items.filter(isClinicalPlan).filter((p) => p.status === 'approved')), appointments: appointments.items,
      charted: sessions.items.length > 0,
    };
  }, [pid]);
  if (data.loading) return <Loading />;
  if (data.error !== undefined) return <Notice tone="error">{generalMessage(data.error)}</Notice>;
  const { patient, plan, appointments, charted } = data.data!;
  const next = nextAppointment(appointments, Date.now());
  const later = appointments.filter((a) => a !== next && a.status === 'booked' && next && Date.parse(a.starts_at) > Date.parse(next.starts_at));
  const p = plan?.proposal.plan;

  return (
    <>
      <PageHeader title={`Hello, ${patient.given_name}`} subtitle="Your microneedling treatment for acne scars.">
        <a class="btn btn--secondary" href={`/api/v1/patients/${patient.id}/fhir`} download="my-record-fhir.json">
          Download my record (FHIR)
        </a>
      </PageHeader>
      <div class="grid grid--2">
        <section class="card card--highlight" aria-labelledby="next-h">
          <h2 id="next-h">My next session</h2>
          {next ? (
            <p class="big" data-testid="next-session">{appointmentLabel(next)}: <strong>{formatDateTime(next.starts_at)}</strong></p>
          ) : <p class="muted" data-testid="next-session">No session is booked yet. The clinic will book your series.</p>}
          {later.length > 0 && (
            <>
              <h3>After that</h3>
              <ul class="list list--compact">
                {later.map((a) => <li key={a.id} data-kind={a.kind}>{appointmentLabel(a)}: {formatDateTime(a.starts_at)}</li>)}
              </ul>
            </>
          )}
          <ul class="list">
            <li><a href={links.calendar(pid)} download="scarwise-sessions.ics">Download my sessions (calendar file, .ics)</a></li>
            {charted
              ? <li><a href={links.handout(pid)} download>Download my aftercare handout (PDF)</a></li>
              : <li class="muted">Your aftercare handout is ready after your first session.</li>}
          </ul>
          <CalendarSubscription patientId={pid} />
        </section>
        <section class="card" aria-labelledby="plan-h">
          <h2 id="plan-h">My plan</h2>
          {p ? (
            <>
              <p>{p.sessions} sessions, about {p.interval_days.target} days apart. Each visit takes about {p.session_minutes} minutes after {p.numbing_minutes} minutes of numbing cream.</p>
              <p>Treated areas: {p.zones.map((z) => ZONE_LABELS[z.zone] ?? z.zone).join(', ')}.</p>
              <p class="muted"><Link href="/progress">See my progress</Link>.</p>
            </>
          ) : <p class="muted">Your plan will appear here once your clinician has approved it.</p>}
        </section>
      </div>
    </>
  );
}

/** "Subscribe to my calendar": asks the server for a private feed address and shows it to copy. */
function CalendarSubscription({ patientId }: { patientId: number }) {
  const [url, setUrl] = useState<string>();
  const form = useSubmit();
  const { busy } = form;
  const error = form.errors[''];
  const [copied, setCopied] = useState(false);
  const subscribe = () => form.run(async () => {
    form.setErrors({});
    const feed = await api.calendarFeed(patientId);
    setUrl(absoluteUrl(feed.path, window.location.origin));
    return 'feed-url';
  }, (e) => ({ '': generalMessage(e) }));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url!);
      setCopied(true);
    } catch {
      setCopied(false);
      (document.getElementById('feed-url') as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div class="subscription">
      {error && <Notice tone="error">{error}</Notice>}
      {url ? (
        <>
          <div class="copy-field">
            <div class="field">
              <label for="feed-url">My calendar address</label>
              <p class="hint" id="feed-url-hint">Add it in your calendar app as a subscription ("From URL"). Keep it private: anyone with it sees your session times.</p>
              <input id="feed-url" type="text" readOnly value={url} aria-describedby="feed-url-hint" onFocus={(e) => (e.currentTarget as HTMLInputElement).select()} />
            </div>
            <Button type="button" variant="secondary" onClick={copy}>Copy</Button>
          </div>
          <p role="status" class="muted">{copied ? 'Copied.' : ''}</p>
        </>
      ) : (
        <Button type="button" variant="secondary" busy={busy} busyLabel="Preparing…" onClick={subscribe}>Subscribe to my calendar</Button>
      )}
    </div>
  );
}
