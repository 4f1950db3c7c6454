// The screening questions (every one must be answered, there are no defaults), shared by
// the consultation and the pre-session screening of the charting page. Field paths are the
// API body's keys with an optional prefix ("screening.pregnant"), so server errors land
// next to the question they name.
import type { ScreeningAnswers } from '../lib/validation';
import { YES_NO_QUESTIONS } from '../lib/validation';
import type { FieldErrors } from '../lib/field_errors';
import { RadioGroup, TextField } from './ui';

/** The paths of every screening field, with `prefix` (e.g. "screening."). */
export function screeningFields(prefix = ''): string[] {
  return [
    ...YES_NO_QUESTIONS.map((q) => q.key as string), 'active_acne', 'isotretinoin', 'isotretinoin.stopped_months_ago',
    'radiation_to_area_months_ago', 'filler_or_laser_months_ago',
  ].map((f) => prefix + f);
}

/** The errors of validateScreening (unprefixed paths) under `prefix`. */
export function prefixErrors(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k ? prefix + k : k, v]));
}

export function ScreeningQuestions({ form, prefix = '', answers, onAnswers, errors, onEdit }: {
  form: string;
  prefix?: string;
  answers: ScreeningAnswers;
  onAnswers: (answers: ScreeningAnswers) => void;
  errors: FieldErrors;
  /** Called with the edited field's path (to clear its error). */
  onEdit?: (path: string) => void;
}) {
  const p = (path: string) => prefix + path;
  const setYesNo = (key: string) => (v: string) => {
    onEdit?.(p(key));
    onAnswers({ ...answers, yesNo: { ...answers.yesNo, [key]: v as 'yes' | 'no' } });
  };
  const set = <K extends keyof ScreeningAnswers>(key: K, path: string = key) => (v: string) => {
    onEdit?.(p(path));
    onAnswers({ ...answers, [key]: v });
  };
  return (
    <>
      {YES_NO_QUESTIONS.map((q) => (
        <RadioGroup key={q.key} form={form} path={p(q.key)} legend={q.text} inline value={answers.yesNo[q.key] ?? ''} onValue={setYesNo(q.key)}
          options={[['no', 'No'], ['yes', 'Yes']]} error={errors[p(q.key)]} />
      ))}
      <RadioGroup form={form} path={p('active_acne')} legend="Active inflammatory acne in the treatment area?" inline value={answers.active_acne}
        onValue={set('active_acne')} error={errors[p('active_acne')]}
        options={[['none', 'None'], ['mild', 'Mild'], ['moderate', 'Moderate'], ['severe', 'Severe']]} />
      <RadioGroup form={form} path={p('isotretinoin')} legend="Isotretinoin (oral)" inline value={answers.isotretinoin} onValue={set('isotretinoin')}
        error={errors[p('isotretinoin')]} options={[['never', 'Never'], ['current', 'Taking it now'], ['stopped', 'Stopped']]} />
      {answers.isotretinoin === 'stopped' && (
        <TextField form={form} path={p('isotretinoin.stopped_months_ago')} label="Stopped how many months ago?" type="number" min="0" step="0.5"
          value={answers.isotretinoin_months} onValue={set('isotretinoin_months', 'isotretinoin.stopped_months_ago')}
          error={errors[p('isotretinoin.stopped_months_ago')]} />
      )}
      <RadioGroup form={form} path={p('radiation_to_area_months_ago')} legend="Radiation therapy to the area?" inline value={answers.radiation}
        onValue={set('radiation', 'radiation_to_area_months_ago')} error={answers.radiation === 'months' ? undefined : errors[p('radiation_to_area_months_ago')]}
        options={[['never', 'Never'], ['months', 'Yes']]} />
      {answers.radiation === 'months' && (
        <TextField form={form} path={p('radiation_months')} label="Radiation: how many months ago?" type="number" min="0"
          value={answers.radiation_months} onValue={set('radiation_months', 'radiation_to_area_months_ago')} error={errors[p('radiation_to_area_months_ago')]} />
      )}
      <RadioGroup form={form} path={p('filler_or_laser_months_ago')} legend="Filler or laser treatment in the area?" inline value={answers.filler}
        onValue={set('filler', 'filler_or_laser_months_ago')} error={answers.filler === 'months' ? undefined : errors[p('filler_or_laser_months_ago')]}
        options={[['never', 'Never'], ['months', 'Yes']]} />
      {answers.filler === 'months' && (
        <TextField form={form} path={p('filler_months')} label="Filler or laser: how many months ago?" type="number" min="0"
          value={answers.filler_months} onValue={set('filler_months', 'filler_or_laser_months_ago')} error={errors[p('filler_or_laser_months_ago')]} />
      )}
    </>
  );
}
