// "Today": what to do now after my last session (the must-dos first), what waits, with
// countdowns to when makeup, sun and skincare actives are fine again, and - folded away -
// what is fine again already. Before the first session it says so plainly.
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import { Badge, Loading, Notice, PageHeader } from '../../components/ui';
import { formatCountdown, splitByNow } from '../../lib/countdown';
import { generalMessage } from '../../lib/field_errors';
import { useLoad, useNow } from '../../lib/hooks';
import { formatDateTime } from '../../lib/labels';
import { nextAppointment } from '../../lib/records';
import { appointmentLabel } from '../../lib/scheduling';
import { useSession } from '../../lib/session';

/** The aftercare after the last session, or, before the first one, the next booked session (if any). */
async function loadToday(patientId: number) {
  // Before the first session there is no aftercare to ask for (the server would answer 409).
  const sessions = await api.sessions(patientId);
  if (sessions.items.length > 0) {
    try {
      return { aftercare: await api.aftercare(patientId) };
    } catch (e) {
      if (!(e instanceof ApiError) || !['not_found', 'conflict', 'failed_precondition'].includes(e.code)) throw e;
    }
  }
  const appointments = await api.patientAppointments(patientId);
  return { next: nextAppointment(appointments.items, Date.now()) };
}

export function TodayPage() {
  const { user } = useSession();
  const now = useNow();
  const today = useLoad(() => loadToday(user.patient_id!), [user.patient_id]);
  const header = <PageHeader title="Today" subtitle="What to do now, and when the rest comes back." />;
  if (today.loading && !today.data) return <>{header}<Loading /></>;
  if (today.error !== undefined) return <>{header}<Notice tone="error">{generalMessage(today.error)}</Notice></>;
  const { aftercare, next } = today.data!;
  if (!aftercare) {
    return (
      <>
        {header}
        <section class="card" aria-labelledby="none-h" data-testid="no-session">
          <h2 id="none-h">{next ? 'Your first session is booked' : 'No session booked yet'}</h2>
          <p>{next ? <>{appointmentLabel(next)}: <strong>{formatDateTime(next.starts_at)}</strong>. </> : 'The clinic will book your sessions. '}
            Your aftercare plan appears here after your first session.</p>
        </section>
      </>
    );
  }
  const { allowed, waiting } = splitByNow(aftercare.items, now);
  // Must-dos: what the protocol asks you to keep doing now (e.g. daily sunscreen).
  const mustDo = allowed.filter((i) => i.keep_up_until && Date.parse(i.keep_up_until) > now);
  const fine = allowed.filter((i) => !mustDo.includes(i));
  return (
    <>
      {header}
      <p class="muted">Your last session ended {formatDateTime(aftercare.session_end)}.</p>
      <section class="card card--highlight" aria-labelledby="do-h" data-testid="must-do">
        <h2 id="do-h">Do today</h2>
        {mustDo.length === 0 ? <p>Nothing special today: your usual routine.</p> : (
          <ul class="aftercare">
            {mustDo.map((i) => (
              <li key={i.code}>
                <strong>{i.title}</strong> <Badge tone="proceed">do today</Badge>
                <p>{i.advice}</p>
                <p class="muted">Keep it up until {formatDateTime(i.keep_up_until!)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="wait-h" data-testid="not-yet">
        <h2 id="wait-h">Not yet: wait before using</h2>
        {waiting.length === 0 ? <p>Nothing to wait for any more.</p> : (
          <ul class="aftercare aftercare--compact">
            {waiting.map((i) => (
              <li key={i.code}>
                <details>
                  <summary><strong>{i.title}</strong> <Badge tone="soon">{formatCountdown(Date.parse(i.allowed_from), now)}</Badge></summary>
                  <p>{i.advice}</p>
                  <p class="muted">From {formatDateTime(i.allowed_from)}</p>
                </details>
              </li>
            ))}
          </ul>
        )}
      </section>
      {fine.length > 0 && (
        <section class="card" aria-labelledby="fine-h">
          <h2 id="fine-h">Fine to use again</h2>
          <details data-testid="fine-again">
            <summary>{fine.length} {fine.length === 1 ? 'item' : 'items'} you can use again</summary>
            <ul class="aftercare">
              {fine.map((i) => (
                <li key={i.code}>
                  <strong>{i.title}</strong>
                  <p>{i.advice}</p>
                </li>
              ))}
            </ul>
          </details>
        </section>
      )}
    </>
  );
}
