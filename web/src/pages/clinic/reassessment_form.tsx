// The clinician's re-assessment of a course (issue 21): at a session (before its needling) or at
// the follow-up visit, the same zone-by-type inventory and qualitative grade as at the
// consultation, and the patient's own ratings (0-10). The server scores it as at the
// consultation and answers with the course against the prediction.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { AnswerOf, FacialZone } from '../../api/types';
import { emptyScarInput, ScarInventory, scarInventoryFields, type ScarInput } from '../../components/scar_inventory';
import { Button, Notice, RadioGroup, TextField } from '../../components/ui';
import type { FieldErrors } from '../../lib/field_errors';
import { todayIso } from '../../lib/records';
import { useSubmit } from '../../lib/submit';
import { assessmentFieldPath, buildAssessment } from '../../lib/validation';

type Course = AnswerOf<'/api/v1/patients/{id}/progress', 'get'>;

const F = 'reassess';
const VISITS: [string, string][] = [['session', 'At a session (before its needling)'], ['follow_up', 'At the follow-up visit']];

/** A rating typed as text: blank (not asked) or a whole number 0-10; the error when it is neither. */
export function ratingOf(text: string): { value?: number; error?: string } {
  const t = text.trim();
  if (t === '') return {};
  const n = Number(t);
  return Number.isInteger(n) && n >= 0 && n <= 10 ? { value: n } : { error: 'Enter a whole number from 0 to 10, or leave it blank.' };
}

/** A server field path as this form names it ("assessment.zones[0].counts.rolling" → "cheek_left.rolling"). */
export function reassessmentFieldPath(zones: readonly FacialZone[], field: string): string {
  if (field.startsWith('patient_rating.')) return field.slice('patient_rating.'.length);
  if (field.startsWith('assessment.')) return assessmentFieldPath(zones, field.slice('assessment.'.length));
  return field;
}

export function ReassessmentForm({ patientId, sessions, onRecorded }: { patientId: number; sessions: number; onRecorded: (course: Course) => void }) {
  const [visit, setVisit] = useState('session');
  const [afterSession, setAfterSession] = useState('');
  const [date, setDate] = useState(todayIso());
  const [scars, setScars] = useState<ScarInput>(emptyScarInput);
  const { grade, zones, inventory } = scars;
  const [improvement, setImprovement] = useState('');
  const [satisfaction, setSatisfaction] = useState('');
  const [recorded, setRecorded] = useState<string>();
  const fields = ['visit', 'after_session', 'date', 'improvement', 'satisfaction', ...scarInventoryFields(zones)];
  const form = useSubmit({ fields, rename: (f) => reassessmentFieldPath(zones, f) });
  const { errors, clear } = form;

  const submit = (e: Event) => {
    e.preventDefault();
    setRecorded(undefined);
    const found: FieldErrors = {};
    const n = Number(afterSession);
    const least = visit === 'follow_up' ? 1 : 0;
    if (afterSession.trim() === '' || !Number.isInteger(n) || n < least || n > sessions) {
      found.after_session = `Enter the sessions done before it: a whole number from ${least} to ${sessions}.`;
    }
    const built = buildAssessment(date, grade, zones, inventory);
    const imp = ratingOf(improvement);
    const sat = ratingOf(satisfaction);
    if (imp.error) found.improvement = imp.error;
    if (sat.error) found.satisfaction = sat.error;
    if (!form.check({ ...found, ...built.errors }) || !built.assessment) return;
    const rating = { ...(imp.value !== undefined ? { improvement: imp.value } : {}), ...(sat.value !== undefined ? { satisfaction: sat.value } : {}) };
    const body = {
      visit: visit as 'session' | 'follow_up', after_session: n, assessment: built.assessment,
      ...(Object.keys(rating).length ? { patient_rating: rating } : {}),
    };
    return form.run(async () => {
      const course = await api.reassess(patientId, body);
      const point = course.points[course.points.length - 1];
      setRecorded(`Re-assessment recorded: Goodman & Baron ${point?.goodman_baron_quantitative ?? '?'} points${point?.improvement_pct != null ? `, ${Math.round(point.improvement_pct)} % below baseline` : ''}.`);
      onRecorded(course);
      return 'reassess-done';
    });
  };

  return (
    <form class="reassessment" onSubmit={submit} noValidate aria-labelledby="reassess-h" data-testid="reassessment-form">
      <h3 id="reassess-h">Record a re-assessment</h3>
      <p class="hint">Count the scars as at the consultation; the score is computed the same way.</p>
      {recorded && <Notice tone="success" id="reassess-done">{recorded}</Notice>}
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <RadioGroup form={F} path="visit" legend="Visit" value={visit} onValue={(v) => { clear('visit'); clear('after_session'); setVisit(v); }}
        error={errors.visit} options={VISITS} />
      <div class="form-grid">
        <TextField form={F} path="after_session" label="Sessions done before it" type="number" min="0" inputMode="numeric" value={afterSession}
          hint={`0 to ${sessions}`} onValue={(v) => { clear('after_session'); setAfterSession(v); }} error={errors.after_session} />
        <TextField form={F} path="date" label="Date" type="date" value={date} onValue={(v) => { clear('date'); setDate(v); }} error={errors.date} />
      </div>
      <ScarInventory form={F} heading="h4" value={scars} onValue={setScars} errors={errors} clear={clear} />
      <div class="form-grid">
        <TextField form={F} path="improvement" label="Patient's rating of the improvement (0-10)" type="number" min="0" inputMode="numeric"
          hint="0 = none, 10 = the best imaginable; optional" value={improvement} onValue={(v) => { clear('improvement'); setImprovement(v); }} error={errors.improvement} />
        <TextField form={F} path="satisfaction" label="Patient's satisfaction (0-10)" type="number" min="0" inputMode="numeric"
          hint="0 = not at all, 10 = completely; optional" value={satisfaction} onValue={(v) => { clear('satisfaction'); setSatisfaction(v); }} error={errors.satisfaction} />
      </div>
      <Button type="submit" busy={form.busy} busyLabel="Recording…">Record the re-assessment</Button>
    </form>
  );
}
