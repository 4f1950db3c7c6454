// The product checker: paste an INCI ingredient list, pick the product type, see whether it
// suits my skin on this day after the session, which ingredients are the problem, and from
// which day it will be fine. The checks are kept in my record: "My earlier checks" lists
// them, newest first, and the one just run appears there at once.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { ProductCheck, ProductType, StoredProductCheck } from '../../api/types';
import { PRODUCT_TYPES } from '../../api/types';
import { Badge, Button, Loading, Notice, PageHeader, SelectField, TextField } from '../../components/ui';
import { fieldId, generalMessage, withoutField, type FieldErrors } from '../../lib/field_errors';
import { humanise, inciPreview } from '../../lib/labels';
import { formatInstant } from '../../lib/outbox';
import { useSession } from '../../lib/session';
import { focusLater, useLoad } from '../../lib/hooks';
import { dayAfter } from '../../lib/countdown';
import { useSubmit } from '../../lib/submit';

const F = 'product';

export function ProductCheckerPage() {
  const { user } = useSession();
  const [inci, setInci] = useState('');
  const [type, setType] = useState<ProductType | ''>('');
  const [day, setDay] = useState('');
  const form = useSubmit({ fields: ['inci', 'product_type', 'day'] });
  const { errors, setErrors, busy } = form;
  const [result, setResult] = useState<ProductCheck>();
  // Prefill the day from my last session when the server knows it (the patient can change it).
  const aftercare = useLoad(() => api.aftercare(user.patient_id!).catch(() => undefined), [user.patient_id]);
  const earlier = useLoad(() => api.productChecks(user.patient_id!), [user.patient_id]);
  useEffect(() => {
    const end = aftercare.data?.session_end;
    const since = end ? dayAfter(Date.parse(end), Date.now()) : undefined;
    if (since !== undefined) setDay((d) => d || String(since));
  }, [aftercare.data]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: FieldErrors = {};
    if (!inci.trim()) local.inci = 'Paste the ingredient list from the package.';
    if (!type) local.product_type = 'Choose the kind of product.';
    const d = Number(day);
    if (day.trim() === '' || !Number.isInteger(d) || d < 0) local.day = 'Enter the days since your session (0 on the session day).';
    if (!form.check(local)) return;
    return form.run(async () => {
      try {
        // With patient_id the server keeps the check in my record.
        setResult(await api.checkProduct({ inci, product_type: type as ProductType, day: d, patient_id: user.patient_id ?? undefined }));
      } catch (error) {
        setResult(undefined);
        throw error;
      }
      earlier.reload();
      return 'verdict-h';
    });
  };

  const id = fieldId(F, 'inci');
  return (
    <>
      <PageHeader title="Product checker" subtitle="Is this product OK for my skin now?" />
      <div class="grid grid--2">
        <form class="card" onSubmit={submit} noValidate>
          {errors[''] && <Notice tone="error">{errors['']}</Notice>}
          <div class={`field${errors.inci ? ' field--invalid' : ''}`}>
            <label for={id}>Ingredient list (INCI)</label>
            <p class="hint" id={`${id}-hint`}>Copy it from the package or the shop's page, e.g. “Aqua, Glycerin, Retinol”.</p>
            <textarea id={id} rows={6} value={inci} aria-invalid={!!errors.inci || undefined}
              aria-describedby={`${id}-hint${errors.inci ? ` ${id}-error` : ''}`} onInput={(e) => { setErrors((x) => withoutField(x, 'inci')); setInci((e.currentTarget as HTMLTextAreaElement).value); }} />
            {errors.inci && <p class="field-error" id={`${id}-error`}>{errors.inci}</p>}
          </div>
          <div class="form-grid">
            <SelectField form={F} path="product_type" label="Product type" value={type} onValue={(v) => { setErrors((x) => withoutField(x, 'product_type')); setType(v as ProductType); }} placeholder="Choose…"
              options={PRODUCT_TYPES.map((t) => [t, humanise(t)])} error={errors.product_type} />
            <TextField form={F} path="day" label="Days since my session" type="number" min="0" inputMode="numeric" value={day} onValue={(v) => { setErrors((x) => withoutField(x, 'day')); setDay(v); }} error={errors.day} />
          </div>
          <Button type="submit" busy={busy} busyLabel="Checking…">Check this product</Button>
        </form>
        <section class="card" aria-labelledby="verdict-h" aria-live="polite">
          <h2 id="verdict-h">Verdict</h2>
          {!result ? <p class="muted">The answer appears here.</p> : (
            <div data-testid="verdict" data-verdict={result.verdict}>
              <p class={`verdict verdict--${result.verdict}`}>
                {result.verdict === 'ok' ? 'OK to use now' : 'Avoid for now'}
                {result.verdict === 'avoid' && result.ok_from_day > result.day && <> · fine from day {result.ok_from_day}</>}
              </p>
              {result.findings.length > 0 && (
                <>
                  <h3>Why</h3>
                  <ul class="list">
                    {result.findings.map((f, i) => (
                      <li key={i}><strong>{f.ingredient}</strong> <Badge tone={f.severity === 'high' ? 'urgent' : 'soon'}>{humanise(f.category)}</Badge> {f.reason}</li>
                    ))}
                  </ul>
                </>
              )}
              {result.notes.map((n, i) => <p key={i} class="muted">{n}</p>)}
              <p class="muted">Read {result.ingredients.length} ingredients for a {humanise(result.product_type).toLowerCase()} on day {result.day}.</p>
            </div>
          )}
        </section>
      </div>
      <section class="card" aria-labelledby="earlier-h">
        <h2 id="earlier-h">My earlier checks</h2>
        {earlier.loading && !earlier.data && <Loading label="Loading my earlier checks…" />}
        {earlier.error !== undefined && <Notice tone="error">{generalMessage(earlier.error)}</Notice>}
        {earlier.data && (earlier.data.items.length === 0 ? <p class="muted">No checks yet. The products you check are kept here.</p> : (
          <ul class="checks-history" data-testid="earlier-checks">
            {earlier.data.items.map((c) => (
              <EarlierCheck key={c.id} check={c} onAgain={() => {
                setInci(c.inci);
                setType(c.product_type);
                setErrors({});
                focusLater(id);
              }} />
            ))}
          </ul>
        ))}
      </section>
    </>
  );
}

function EarlierCheck({ check: c, onAgain }: { check: StoredProductCheck; onAgain: () => void }) {
  const r = c.result;
  const avoid = r.verdict === 'avoid';
  const problems = [...new Set(r.findings.map((f) => f.ingredient))];
  return (
    <li class={`check-record check-record--${r.verdict}`} data-verdict={r.verdict}>
      <div class="check-record-head">
        <Badge tone={avoid ? 'urgent' : 'routine'}>{avoid ? 'Avoid' : 'OK'}</Badge>
        <strong>{humanise(c.product_type)}</strong>
        <span class="muted">day {c.day_after_session} after the session · checked {formatInstant(c.checked_at)}</span>
      </div>
      <p class="check-record-inci">{inciPreview(c.inci)}</p>
      {avoid && (
        <p>
          Because of {problems.join(', ') || 'its ingredients'}
          {r.ok_from_day > c.day_after_session && <> · fine from day {r.ok_from_day}</>}
        </p>
      )}
      <button type="button" class="link-button" onClick={onAgain}>
        Check this list again<span class="visually-hidden"> ({humanise(c.product_type).toLowerCase()}, {inciPreview(c.inci, 2)})</span>
      </button>
    </li>
  );
}
