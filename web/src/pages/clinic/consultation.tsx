// The consultation: screening questions (every one must be answered) and the scar
// inventory per facial zone with the Goodman & Baron score. Saving records the assessment,
// then the screening, then asks for a plan proposal; a failed step keeps all input and a
// retry resumes at that step.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { AssessmentScores, ScreeningRecord } from '../../api/types';
import { emptyScarInput, ScarInventory, scarInventoryFields, type ScarInput } from '../../components/scar_inventory';
import { ScreeningQuestions, screeningFields, useProtocolQuestions } from '../../components/screening_questions';
import { Badge, Button, Link, Loading, Notice, PageHeader, TextField } from '../../components/ui';
import { generalMessage, toFieldErrors } from '../../lib/field_errors';
import { useDebounced, useLoad } from '../../lib/hooks';
import { DECISION_LABELS } from '../../lib/labels';
import { fullName, todayIso } from '../../lib/records';
import { idParam, navigate } from '../../lib/router';
import { useSubmit } from '../../lib/submit';
import { assessmentFieldPath, buildAssessment, emptyScreening, validateScreening, type ScreeningAnswers } from '../../lib/validation';
import { NotFoundPage } from '../not_found';

const F = 'consult';

type Step = 'assessment' | 'screening' | 'plan';
const STEP_LABELS: Record<Step, string> = {
  assessment: 'Saving the scar assessment…', screening: 'Saving the screening…', plan: 'Proposing the plan…',
};

export function ConsultationPage({ params }: { params: Record<string, string> }) {
  const id = idParam(params.id);
  const patient = useLoad(() => (id ? api.patient(id) : Promise.reject(new Error('bad id'))), [id]);
  const protocol = useProtocolQuestions();
  const questions = protocol.data?.screening ?? [];
  const [answers, setAnswers] = useState<ScreeningAnswers>(emptyScreening);
  const [date, setDate] = useState(todayIso());
  const [scars, setScars] = useState<ScarInput>(emptyScarInput);
  const { grade, zones, inventory } = scars;
  const form = useSubmit();
  const { errors } = form;
  const [step, setStep] = useState<Step>();
  const [saved, setSaved] = useState<{ assessment?: AssessmentScores & { id: number }; screening?: ScreeningRecord }>({});
  const [preview, setPreview] = useState<{ scores?: AssessmentScores; busy?: boolean }>({});

  // Live score: ask the server to score the inventory as typed (nothing is stored).
  useDebounced(() => {
    const { assessment } = buildAssessment(date, grade || '1', zones, inventory);
    if (!assessment) return;
    setPreview((p) => ({ ...p, busy: true }));
    api.previewAssessment(assessment).then(
      (scores) => setPreview({ scores }),
      () => setPreview({}),
    );
  }, [scars, date]);

  if (!id) return <NotFoundPage />;
  if (patient.loading || (protocol.loading && !protocol.data)) return <Loading />;
  if (patient.error !== undefined) return <NotFoundPage />;
  if (protocol.error !== undefined) return <Notice tone="error">The screening questions could not be loaded: {generalMessage(protocol.error)}</Notice>;

  const clear = form.clear;

  const submit = (e: Event) => {
    e.preventDefault();
    const screening = validateScreening(questions, answers);
    const built = buildAssessment(date, grade, zones, inventory);
    if (!form.check({ ...built.errors, ...screening.errors }) || !screening.history || !built.assessment) return;
    const history = screening.history;
    const inventoryBody = built.assessment;
    let current: Step = 'assessment';
    // One key per kind of request: a retry of the whole form reuses each step's key.
    return form.run(async () => {
      try {
        let assessment = saved.assessment;
        if (!assessment) {
          setStep(current);
          const record = await api.recordAssessment(id, inventoryBody, form.key(inventoryBody, 'assessment'));
          assessment = { ...record.result, id: record.id };
          setSaved((s) => ({ ...s, assessment }));
        }
        current = 'screening';
        setStep(current);
        const record = await api.recordScreening(id, history, form.key(history, 'screening'));
        setSaved((s) => ({ ...s, screening: record }));
        if (record.result.decision === 'defer' || record.result.decision === 'not_suitable') return 'screening-decision';
        current = 'plan';
        setStep(current);
        // One proposal per screening: a retry after a lost answer gets the same plan.
        const plan = await api.proposePlan(id, form.key({ screening: record.id }, 'plan'));
        navigate(`/plans/${plan.id}`);
      } finally {
        setStep(undefined);
      }
    }, (error) => (current === 'assessment'
      ? toFieldErrors(error, ['date', ...scarInventoryFields(zones)], (f) => assessmentFieldPath(zones, f))
      : current === 'screening' ? toFieldErrors(error, screeningFields(questions))
      : { '': `The consultation is saved, but no plan could be proposed: ${generalMessage(error)}` }));
  };

  const shownScores = preview.scores ?? saved.assessment;
  const decision = saved.screening?.result;
  return (
    <>
      <PageHeader title="Consultation" subtitle={<>For <Link href={`/patients/${id}`}>{fullName(patient.data!)}</Link></>} />
      <form onSubmit={submit} noValidate class="consultation">
        <div class="consultation-main">
          <section class="card" aria-labelledby="screen-h">
            <h2 id="screen-h">Screening</h2>
            <p class="hint">Every question must be answered; there are no defaults.</p>
            <ScreeningQuestions form={F} questions={questions} answers={answers} onAnswers={setAnswers} errors={errors} onEdit={clear} />
          </section>

          <section class="card" aria-labelledby="scar-h">
            <h2 id="scar-h">Scar assessment</h2>
            <div class="form-grid">
              <TextField form={F} path="date" label="Assessment date" type="date" value={date} onValue={(v) => { clear('date'); setDate(v); }} error={errors.date} />
            </div>
            <ScarInventory form={F} heading="h3" value={scars} onValue={setScars} errors={errors} clear={clear} />
          </section>
        </div>

        <aside class="consultation-side">
          <section class="card score-card" aria-labelledby="score-h">
            <h2 id="score-h">Goodman & Baron score</h2>
            <div aria-live="polite">
              {shownScores ? (
                <>
                  <p class="score" data-testid="gb-score"><span class="score-value">{shownScores.goodman_baron_quantitative}</span> points (quantitative)</p>
                  <ul class="list list--compact">
                    {shownScores.quantitative_breakdown.categories.map((c) => (
                      <li key={c.category}>Category {c.category}: {c.lesions} lesions → {c.points} points</li>
                    ))}
                    {shownScores.quantitative_breakdown.keloid_points > 0 && <li>Keloidal: {shownScores.quantitative_breakdown.keloid_points} points</li>}
                  </ul>
                  {preview.busy && <p class="muted">Updating…</p>}
                </>
              ) : <p class="muted">Select zones and count scars to see the score.</p>}
            </div>
          </section>
          {decision && (
            <Notice id="screening-decision" tone={decision.decision === 'proceed' ? 'success' : decision.decision === 'proceed_with_precautions' ? 'warning' : 'error'}
              title={`Screening: ${DECISION_LABELS[decision.decision]}`}>
              <ul class="list list--compact">
                {[...decision.reasons, ...decision.precautions].map((r) => <li key={r.code}>{r.message} {r.action}</li>)}
              </ul>
              {decision.rescreen_after && <p>Rescreen after {decision.rescreen_after}.</p>}
            </Notice>
          )}
          {errors[''] && <Notice tone="error">{errors['']}</Notice>}
          {Object.keys(errors).length > 0 && !errors[''] && <Notice tone="error">Some answers need attention; see the marked fields.</Notice>}
          <div class="sticky-actions">
            {step && <p class="progress" role="status"><span class="spinner" aria-hidden="true" /> {STEP_LABELS[step]}</p>}
            <Button type="submit" busy={form.busy} busyLabel="Saving…">{saved.assessment ? 'Retry saving' : 'Save consultation and propose a plan'}</Button>
            {saved.assessment && <p class="muted"><Badge tone="routine">Assessment saved</Badge></p>}
          </div>
        </aside>
      </form>
    </>
  );
}
