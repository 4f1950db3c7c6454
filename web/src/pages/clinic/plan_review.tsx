// Plan review: the proposal with its explanation and sources, the precautions the
// clinician records (each a small form: the server keeps who recorded what, and when, and
// refuses approval until every one is recorded), and approval. Approval sends the plan's version (If-Match) so a
// plan changed by someone else in the meantime is not approved unseen.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { AnyPlan, PlanRecord } from '../../api/types';
import { Badge, Button, Link, Loading, Notice, PageHeader } from '../../components/ui';
import { SourceLink } from '../../components/source_link';
import { generalMessage } from '../../lib/field_errors';
import { isClinicalPlan } from '../../lib/records';
import { currentByPurpose } from '../../lib/signature';
import { useSubmit } from '../../lib/submit';
import { useLoad } from '../../lib/hooks';
import { PrecautionForms } from './precaution_form';
import { DECISION_LABELS, formatDateTime, ZONE_LABELS } from '../../lib/labels';
import { idParam } from '../../lib/router';
import { useSession } from '../../lib/session';
import { NotFoundPage } from '../not_found';
import { PlanAdjustForm } from './plan_adjust';

export function PlanReviewPage({ params }: { params: Record<string, string> }) {
  const { user } = useSession();
  const id = idParam(params.id);
  const loaded = useLoad(() => (id ? api.plan(id) : Promise.reject(new Error('bad id'))), [id]);
  const [plan, setPlan] = useState<PlanRecord>();
  if (!id) return <NotFoundPage />;
  if (loaded.loading) return <Loading />;
  if (loaded.error !== undefined) return <NotFoundPage />;
  const shown = plan ?? loaded.data!;
  if (user.role === 'coordinator' || !isClinicalPlan(shown)) return <PlanBookingView plan={shown} />;
  return <PlanReview plan={shown} onChange={setPlan} />;
}

/**
 * The front desk's view of a plan, as the server answers it to a coordinator: what booking the
 * series needs (sessions, interval window, session length, status), never the clinical review.
 */
function PlanBookingView({ plan }: { plan: AnyPlan }) {
  const p = plan.proposal.plan;
  return (
    <>
      <PageHeader title="Treatment plan" subtitle={<Link href={`/patients/${plan.patient_id}`}>Back to the patient</Link>}>
        <Badge tone={plan.status === 'approved' ? 'proceed' : 'soon'}>{plan.status === 'approved' ? 'Approved' : 'Awaiting approval'}</Badge>
        {plan.status === 'approved' && <Link class="btn btn--primary" href={`/plans/${plan.id}/booking`}>Book the series</Link>}
      </PageHeader>
      <section class="card" aria-labelledby="booking-view-h">
        <h2 id="booking-view-h">For booking</h2>
        {p ? (
          <ul class="list">
            <li>{p.sessions} sessions</li>
            <li>every {p.interval_days.min}–{p.interval_days.max} days (aim: {p.interval_days.target})</li>
            <li>{p.session_minutes} minutes a session</li>
          </ul>
        ) : <p class="muted">This plan has no sessions to book.</p>}
        {plan.status !== 'approved' && <p class="muted">The series can be booked once a clinician has approved the plan.</p>}
      </section>
    </>
  );
}

function PlanReview({ plan, onChange }: { plan: PlanRecord; onChange: (p: PlanRecord) => void }) {
  const { user } = useSession();
  const review = plan.proposal;
  const p = review.plan;
  const [reloads, setReloads] = useState(0);
  const precautions = useLoad(() => api.planPrecautions(plan.id), [plan.id, plan.version, reloads]);
  const form = useSubmit();
  const { busy } = form;
  const error = form.errors[''];
  const allRecorded = !!precautions.data && precautions.data.every((p) => p.recorded);
  const canApprove = user.role === 'clinician' && plan.status === 'proposed';
  // Approval needs the patient's current treatment consent (the server refuses without it).
  const consents = useLoad(() => (canApprove ? api.consents(plan.patient_id) : Promise.resolve(undefined)), [plan.patient_id, canApprove]);
  const treatmentConsent = consents.data ? currentByPurpose(consents.data.items).get('treatment') : undefined;
  const consentMissing = canApprove && !!consents.data && !treatmentConsent;

  const approve = () => form.run(async () => {
    form.setErrors({});
    onChange(await api.approvePlan(plan));
    return 'plan-approved';
  }, (e) => ({ '': generalMessage(e) }));

  return (
    <>
      <PageHeader title="Treatment plan" subtitle={<>
        <Link href={`/patients/${plan.patient_id}`}>Back to the patient</Link> · protocol {plan.protocol.name} {plan.protocol.version}
      </>}>
        <Badge tone={plan.status === 'approved' ? 'proceed' : 'soon'}>{plan.status === 'approved' ? 'Approved' : 'Awaiting approval'}</Badge>
        {plan.status === 'approved' && <Link class="btn btn--primary" href={`/plans/${plan.id}/booking`}>Book the series</Link>}
      </PageHeader>
      <div class="grid grid--2">
        <section class="card" aria-labelledby="summary-h">
          <h2 id="summary-h">Proposal</h2>
          <p>Screening decision: <Badge tone={review.decision}>{DECISION_LABELS[review.decision]}</Badge></p>
          <p>Goodman & Baron: quantitative {review.scores.goodman_baron_quantitative}, qualitative grade {review.scores.goodman_baron_qualitative}</p>
          {p ? (
            <>
              <dl class="facts">
                <div><dt>Sessions</dt><dd>{p.sessions}</dd></div>
                <div><dt>Interval</dt><dd>{p.interval_days.target} days (allowed {p.interval_days.min}–{p.interval_days.max})</dd></div>
                <div><dt>Session length</dt><dd>{p.session_minutes} min + {p.numbing_minutes} min numbing</dd></div>
              </dl>
              <h3>Needle depth per zone</h3>
              <table class="table">
                <thead><tr><th scope="col">Zone</th><th scope="col">Depth</th><th scope="col">Deep scars</th></tr></thead>
                <tbody>
                  {p.zones.map((z) => (
                    <tr key={z.zone}><th scope="row">{ZONE_LABELS[z.zone] ?? z.zone}</th><td>{z.needle_depth_mm} mm</td><td>{z.deep_scars}</td></tr>
                  ))}
                </tbody>
              </table>
              <h3>Expected improvement</h3>
              <table class="table">
                <thead><tr><th scope="col">After session</th><th scope="col">Expected improvement</th></tr></thead>
                <tbody>
                  {p.expected.map((e) => (
                    <tr key={e.after_session}><th scope="row">{e.after_session}</th>
                      <td>{e.improvement_pct.low}–{e.improvement_pct.high} % (typically {e.improvement_pct.mid} %)</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : <Notice tone="warning">No plan: the screening decided {DECISION_LABELS[review.decision]}.</Notice>}
        </section>
        <section class="card" aria-labelledby="why-h">
          <h2 id="why-h">Why: explanation and sources</h2>
          <ol class="explanations">
            {(p?.explanation ?? []).map((e, i) => (
              <li key={i}>
                <p>{e.text}</p>
                <p><SourceLink source={e.source} unverified={e.unverified} /></p>
              </li>
            ))}
            {p?.recommendations.map((r) => (
              <li key={r.code}>
                <p><strong>Recommendation:</strong> {r.message}{r.because ? <>, because {r.because}.</> : null}</p>
                <p><SourceLink source={r.source} /></p>
              </li>
            ))}
          </ol>
        </section>
      </div>
      {canApprove && p && (
        <details class="card">
          <summary>Adjust the proposal within the protocol's bounds</summary>
          <PlanAdjustForm plan={plan} onSaved={onChange} />
        </details>
      )}
      <section class="card" aria-labelledby="approve-h">
        <h2 id="approve-h">Precautions and approval</h2>
        {precautions.data ? (
          <PrecautionForms planId={plan.id} precautions={precautions.data} canRecord={user.role === 'clinician'}
            onRecorded={() => setReloads((n) => n + 1)} />
        ) : precautions.error !== undefined ? <Notice tone="error">The precautions could not be loaded.</Notice>
          : <Loading label="Loading the precautions…" />}
        {canApprove && precautions.data && !allRecorded && <p class="muted" id="precautions-pending">Record each precaution above before approving.</p>}
        {review.reasons.length > 0 && (
          <ul class="list">{review.reasons.map((r) => <li key={r.code}>{r.message} {r.action} <SourceLink source={r.source} /></li>)}</ul>
        )}
        {consentMissing && (
          <Notice tone="warning" title="Treatment consent needed">
            The patient has not signed the treatment consent. <Link href={`/patients/${plan.patient_id}/consent?back=/plans/${plan.id}`}>Hand the tablet to the patient to sign</Link>, or ask them to sign it in the portal.
          </Notice>
        )}
        {canApprove && treatmentConsent && <p data-testid="treatment-consent">Treatment consent signed by {treatmentConsent.signer_name} on {formatDateTime(treatmentConsent.signed_at)}.</p>}
        {error && <Notice tone="error">{error}</Notice>}
        {plan.status === 'approved' ? (
          <Notice tone="success" id="plan-approved" title="Approved">Approved {plan.approved_at ? formatDateTime(plan.approved_at) : ''}. The series can now be booked.</Notice>
        ) : canApprove ? (
          <Button type="button" busy={busy} busyLabel="Approving…" disabled={!allRecorded || !p || consentMissing} onClick={approve}>Approve plan</Button>
        ) : <p class="muted">Only a clinician can approve a plan.</p>}
      </section>
    </>
  );
}
