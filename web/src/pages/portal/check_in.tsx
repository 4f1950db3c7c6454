// The daily check-in after a session: redness, swelling, pain, warning signs, products.
// Answers outside the expected course raise an alert to the clinic.
import { useState } from 'preact/hooks';
import { api } from '../../api/endpoints';
import type { CheckInAnswer, WarningSign } from '../../api/types';
import { useProtocolQuestions } from '../../components/screening_questions';
import { Button, Loading, Notice, PageHeader, RadioGroup, TextField } from '../../components/ui';
import { emptyCheckIn, validateCheckIn, type CheckInInput } from '../../lib/check_in';
import { useSession } from '../../lib/session';
import { useSubmit } from '../../lib/submit';

const F = 'checkin';
const FIELDS = ['day_after_session', 'redness', 'swelling', 'pain', 'warning_signs', 'products_applied', 'sunscreen_used', 'makeup_used'];
const range = (max: number): [string, string][] => Array.from({ length: max + 1 }, (_, i) => [String(i), String(i)]);

export function CheckInPage() {
  const { user } = useSession();
  const [input, setInput] = useState<CheckInInput>(() => emptyCheckIn());
  const [result, setResult] = useState<CheckInAnswer>();
  // The signs and the advice are the protocol's words, served by the API.
  const protocol = useProtocolQuestions();
  // A check-in sent again after a lost answer is recorded (and alerts the clinic) once.
  const form = useSubmit({ fields: FIELDS });
  const { errors, busy } = form;
  const set = (k: keyof CheckInInput) => (v: string) => {
    form.clear(k);
    setInput({ ...input, [k]: v });
  };
  const toggleSign = (s: WarningSign) => setInput({
    ...input, warning_signs: input.warning_signs.includes(s) ? input.warning_signs.filter((x) => x !== s) : [...input.warning_signs, s],
  });

  const submit = (e: Event) => {
    e.preventDefault();
    const { checkIn, errors: local } = validateCheckIn(input);
    if (!form.check(local) || !checkIn) return;
    return form.run(async () => {
      const answer = await api.checkIn(user.patient_id!, checkIn, form.key(checkIn));
      setResult({ check_in: answer.check_in, alerts: answer.alerts, advice: answer.advice ?? null });
      return 'check-in-result';
    });
  };

  if (result) {
    const { alerts, advice } = result;
    // What the patient reported, in the protocol's words for patients (the alerts' staff wording stays with the clinic).
    const reported = (result.check_in?.warning_signs ?? [])
      .map((key) => protocol.data?.check_in_signs.find((s) => s.key === key)?.patient)
      .filter((text): text is string => !!text);
    const emergency = advice?.urgency === 'emergency';
    const urgent = emergency || advice?.urgency === 'urgent';
    return (
      <>
        <PageHeader title="Daily check-in" />
        {emergency && (
          // A frightened patient must not miss this: first on the page, announced at once, in large type.
          <div class="emergency-banner" role="alert" id="check-in-result" tabIndex={-1}>
            <h2>Call emergency services now</h2>
            <p>{advice!.tell_patient}</p>
          </div>
        )}
        {alerts.length === 0 ? <Notice tone="success" id="check-in-result" title="Thank you">Your recovery looks as expected. Check in again tomorrow.</Notice> : (
          <Notice tone={urgent ? 'error' : 'warning'} id={emergency ? undefined : 'check-in-result'} title={urgent ? 'The clinic has been alerted urgently' : 'The clinic has been told'}>
            {!emergency && advice && <p>{advice.tell_patient}</p>}
            {reported.length > 0 && (
              <>
                <p>You told the clinic about:</p>
                <ul class="list" data-testid="reported-signs">{reported.map((text) => <li key={text}>{text}</li>)}</ul>
              </>
            )}
          </Notice>
        )}
        <Button type="button" variant="secondary" onClick={() => { setResult(undefined); setInput(emptyCheckIn()); }}>New check-in</Button>
      </>
    );
  }

  return (
    <>
      <PageHeader title="Daily check-in" subtitle="A minute a day for the first days after each session." />
      <form class="card" onSubmit={submit} noValidate>
        {errors[''] && <Notice tone="error">{errors['']}</Notice>}
        <TextField form={F} path="day_after_session" label="Day after the session (the session day is 0)" type="number" min="0" inputMode="numeric"
          value={input.day_after_session} onValue={set('day_after_session')} error={errors.day_after_session} />
        <RadioGroup form={F} path="redness" legend="Redness (0 none – 3 strong)" inline value={input.redness} onValue={set('redness')} options={range(3)} error={errors.redness} />
        <RadioGroup form={F} path="swelling" legend="Swelling (0 none – 3 strong)" inline value={input.swelling} onValue={set('swelling')} options={range(3)} error={errors.swelling} />
        <RadioGroup form={F} path="pain" legend="Pain (0 none – 10 worst)" inline value={input.pain} onValue={set('pain')} options={range(10)} error={errors.pain} />
        <fieldset class="radio-group">
          <legend>Do you notice any of these?</legend>
          <div class="checks">
            {protocol.loading && !protocol.data && <Loading />}
            {(protocol.data?.check_in_signs ?? []).map((s) => (
              <label key={s.key} class="radio"><input type="checkbox" checked={input.warning_signs.includes(s.key)} onChange={() => toggleSign(s.key)} /> <span>{s.patient}</span></label>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for={`${F}-products_applied`}>What did you put on your skin today?</label>
          <textarea id={`${F}-products_applied`} rows={2} value={input.products_applied} onInput={(e) => set('products_applied')((e.currentTarget as HTMLTextAreaElement).value)} />
        </div>
        <RadioGroup form={F} path="sunscreen_used" legend="Did you use sunscreen?" inline value={input.sunscreen_used} onValue={set('sunscreen_used')} options={[['yes', 'Yes'], ['no', 'No']]} error={errors.sunscreen_used} />
        <RadioGroup form={F} path="makeup_used" legend="Did you wear makeup?" inline value={input.makeup_used} onValue={set('makeup_used')} options={[['yes', 'Yes'], ['no', 'No']]} error={errors.makeup_used} />
        <Button type="submit" busy={busy} busyLabel="Sending…">Send my check-in</Button>
      </form>
    </>
  );
}
