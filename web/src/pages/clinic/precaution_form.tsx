// A precaution is a step someone records (issue 19 §2): for each precaution of the plan, a
// small form with what the protocol asks to record (a text, a date, a confirmation), sent to
// the server, which keeps it with who and when and refuses approval and charting until every
// precaution is recorded. Recorded precautions show what was recorded.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { PlanPrecaution } from '../../api/types';
import { Button, Field, Notice, TextField } from '../../components/ui';
import { formatDateTime } from '../../lib/labels';
import { useSubmit } from '../../lib/submit';

type Details = Record<string, string | boolean>;

export function PrecautionForms({ planId, precautions, canRecord, onRecorded }: {
  planId: number; precautions: PlanPrecaution[]; canRecord: boolean; onRecorded: () => void;
}) {
  if (precautions.length === 0) return <p>No precautions for this patient.</p>;
  return (
    <ul class="list precautions">
      {precautions.map((p) => (
        <li key={p.code} id={`precaution-${p.code}`}>
          <p><strong>{p.message}</strong> {p.action}</p>
          {p.recorded ? <RecordedPrecaution precaution={p} />
            : canRecord ? <PrecautionForm planId={planId} precaution={p} onRecorded={onRecorded} />
              : <p class="muted">Not recorded yet.</p>}
        </li>
      ))}
    </ul>
  );
}

function RecordedPrecaution({ precaution }: { precaution: PlanPrecaution }) {
  const r = precaution.recorded!;
  return (
    <Notice tone="success" id={`precaution-${precaution.code}-recorded`} title="Recorded">
      <dl class="facts">
        {precaution.record.fields.map((f) => {
          const v = r.details[f.key];
          return <div key={f.key}><dt>{f.label}</dt><dd>{v === true ? 'Yes' : String(v ?? '')}</dd></div>;
        })}
      </dl>
      <p class="source">Recorded {formatDateTime(r.recorded_at)} by user {r.recorded_by}.</p>
    </Notice>
  );
}

function PrecautionForm({ planId, precaution, onRecorded }: { planId: number; precaution: PlanPrecaution; onRecorded: () => void }) {
  const F = `precaution-${precaution.code}`;
  const fields = precaution.record.fields;
  const [details, setDetails] = useState<Details>(() =>
    Object.fromEntries(fields.map((f) => [f.key, f.type === 'confirm' ? false : ''])));
  const form = useSubmit({ fields: fields.map((f) => `details.${f.key}`) });
  const { errors, busy, clear } = form;

  const submit = (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    for (const f of fields) {
      const v = details[f.key];
      if (f.type === 'confirm' ? v !== true : String(v).trim() === '') local[`details.${f.key}`] = `Required: ${f.label}.`;
    }
    if (!form.check(local)) return;
    return form.run(async () => {
      await api.recordPrecaution(planId, precaution.code, details);
      onRecorded();
      return `${F}-recorded`;
    });
  };
  const set = (key: string, v: string | boolean) => { clear(`details.${key}`); setDetails({ ...details, [key]: v }); };

  return (
    <form onSubmit={submit} noValidate aria-label={`Record: ${precaution.message}`}>
      {errors[''] && <Notice tone="error">{errors['']}</Notice>}
      <div class="form-grid">
        {fields.map((f) => f.type === 'confirm' ? (
          <Field key={f.key} form={F} path={`details.${f.key}`} label={f.label} error={errors[`details.${f.key}`]}>
            {({ id, describedBy, invalid }) => (
              <input type="checkbox" id={id} name={f.key} checked={details[f.key] === true}
                aria-invalid={invalid || undefined} aria-describedby={describedBy}
                onChange={(e) => set(f.key, (e.currentTarget as HTMLInputElement).checked)} />
            )}
          </Field>
        ) : (
          <TextField key={f.key} form={F} path={`details.${f.key}`} label={f.label} type={f.type === 'date' ? 'date' : 'text'}
            value={String(details[f.key] ?? '')} error={errors[`details.${f.key}`]} onValue={(v) => set(f.key, v)} />
        ))}
      </div>
      <Button type="submit" variant="secondary" busy={busy} busyLabel="Recording…">Record this precaution</Button>
    </form>
  );
}
