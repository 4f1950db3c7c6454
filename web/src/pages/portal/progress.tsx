// My progress: my Goodman & Baron scores against the course my plan expects.
import { api } from '../../api/endpoints';
import { ProgressChart } from '../../components/progress_chart';
import { Loading, Notice, PageHeader } from '../../components/ui';
import { generalMessage } from '../../lib/field_errors';
import { useLoad } from '../../lib/hooks';
import { formatDate } from '../../lib/labels';
import { behindExpected, progressSeries } from '../../lib/progress';
import { chronological, currentPlan, isClinicalPlan } from '../../lib/records';
import { useSession } from '../../lib/session';

export function ProgressPage() {
  const { user } = useSession();
  const pid = user.patient_id!;
  const data = useLoad(async () => {
    const [assessments, plans] = await Promise.all([api.assessments(pid), api.plans(pid)]);
    return { assessments: chronological(assessments.items), plan: currentPlan(plans.items.filter(isClinicalPlan).filter((p) => p.status === 'approved')) };
  }, [pid]);
  const header = <PageHeader title="My progress" subtitle="Lower scores mean less visible scarring." />;
  if (data.loading) return <>{header}<Loading /></>;
  if (data.error !== undefined) return <>{header}<Notice tone="error">{generalMessage(data.error)}</Notice></>;
  const { assessments, plan } = data.data!;
  if (!assessments.length || !plan?.proposal.plan) return <>{header}<p class="muted">Your progress appears here after your plan is approved.</p></>;
  const series = progressSeries(assessments[0].result.goodman_baron_quantitative, plan.proposal.plan.expected,
    assessments.map((a) => a.result.goodman_baron_quantitative));
  return (
    <>
      {header}
      <section class="card">
        <ProgressChart series={series} title="My Goodman & Baron score and the range my plan expects" />
        {behindExpected(series) && <Notice tone="info">Your result is slower than expected so far. Your clinician will review it with you; aftercare and time both matter.</Notice>}
      </section>
      <section class="card" aria-labelledby="visits-h">
        <h2 id="visits-h">Assessments</h2>
        <ul class="list">{assessments.map((a) => <li key={a.id}>{formatDate(a.input.date)}: score {a.result.goodman_baron_quantitative}</li>)}</ul>
      </section>
    </>
  );
}
