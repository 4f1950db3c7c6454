// "Today": what I may and may not do now after my last session, with countdowns to when
// makeup, sun and skincare actives are allowed again.
import { api } from '../../api/endpoints';
import { Badge, Loading, Notice, PageHeader } from '../../components/ui';
import { formatCountdown, splitByNow } from '../../lib/countdown';
import { generalMessage } from '../../lib/field_errors';
import { useLoad, useNow } from '../../lib/hooks';
import { formatDateTime } from '../../lib/labels';
import { useSession } from '../../lib/session';

export function TodayPage() {
  const { user } = useSession();
  const now = useNow();
  const aftercare = useLoad(() => api.aftercare(user.patient_id!), [user.patient_id]);
  const header = <PageHeader title="Today" subtitle="What you may do now, and when the rest comes back." />;
  if (aftercare.loading) return <>{header}<Loading /></>;
  if (aftercare.error !== undefined) {
    return <>{header}{(aftercare.error as { code?: string }).code === 'not_found' || (aftercare.error as { code?: string }).code === 'failed_precondition'
        ? <p class="muted">Your aftercare timeline starts after your first session.</p>
        : <Notice tone="error">{generalMessage(aftercare.error)}</Notice>}</>;
  }
  const { allowed, waiting } = splitByNow(aftercare.data!.items, now);
  return (
    <>
      {header}
      <p class="muted">Your last session ended {formatDateTime(aftercare.data!.session_end)}.</p>
      <div class="grid grid--2">
        <section class="card" aria-labelledby="wait-h">
          <h2 id="wait-h">Not yet</h2>
          {waiting.length === 0 ? <p>Everything is allowed again.</p> : (
            <ul class="aftercare">
              {waiting.map((i) => (
                <li key={i.code}>
                  <strong>{i.title}</strong> <Badge tone="soon">{formatCountdown(Date.parse(i.allowed_from), now)}</Badge>
                  <p>{i.advice}</p>
                  <p class="muted">From {formatDateTime(i.allowed_from)}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card" aria-labelledby="ok-h">
          <h2 id="ok-h">Allowed now</h2>
          <ul class="aftercare">
            {allowed.map((i) => (
              <li key={i.code}>
                <strong>{i.title}</strong> <Badge tone="proceed">allowed</Badge>
                <p>{i.advice}</p>
                {i.keep_up_until && <p class="muted">Keep it up until {formatDateTime(i.keep_up_until)}</p>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
