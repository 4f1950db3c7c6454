// My progress: my Goodman & Baron scores against the range my plan expects. Whether I am on
// track is the server's answer, in the protocol's words for patients.
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import { ProgressChart } from '../../components/progress_chart';
import { Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDate } from '../../lib/labels';
import { courseSeries } from '../../lib/progress';
import { useSession } from '../../lib/session';

export function ProgressPage() {
  const { user } = useSession();
  const pid = user.patient_id!;
  const data = useLoad(async () => {
    try {
      return await api.progress(pid);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return undefined;  // no approved plan yet
      throw e;
    }
  }, [pid]);
  const header = <PageHeader title="My progress" subtitle="Lower scores mean less visible scarring." />;
  if (data.loading) return <>{header}<Loading /></>;
  if (data.error !== undefined) return <>{header}<Notice tone="error">{generalMessage(data.error)}</Notice></>;
  const course = data.data;
  if (!course) return <>{header}<p class="muted">Your progress appears here after your plan is approved.</p></>;
  return (
    <>
      {header}
      <section class="card">
        <ProgressChart series={courseSeries(course)} title="My Goodman & Baron score and the range my plan expects" />
        <Notice tone="info"><span data-testid="progress-message">{course.patient_message}</span></Notice>
      </section>
      <section class="card" aria-labelledby="visits-h">
        <h2 id="visits-h">Assessments</h2>
        <ul class="list">
          <li>{formatDate(course.baseline.date)}: score {course.baseline.goodman_baron_quantitative} (before treatment)</li>
          {course.points.map((p) => (
            <li key={p.id}>{formatDate(p.date)}: score {p.goodman_baron_quantitative}
              {p.visit === 'follow_up' ? ' (follow-up visit)' : ` (after session ${p.after_session})`}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
