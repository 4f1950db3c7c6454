// The screening questions (every one must be answered, there are no defaults), shared by
// the consultation and the pre-session screening of the charting page. The questions and
// their wording come from the clinic's protocol (GET /protocol/questions): a question the
// clinic adds to screening.yaml appears here without a code change. Field paths are the
// API body's keys with an optional prefix ("screening.pregnant"), so server errors land
// next to the question they name.
import { api } from '../api/endpoints';
import type { ProtocolQuestions, ScreeningQuestion } from '../api/types';
import type { FieldErrors } from '../lib/field_errors';
import { useLoad, type Loaded } from '../lib/hooks';
import { numberPath, type ScreeningAnswers } from '../lib/validation';
import { RadioGroup, TextField } from './ui';

/** The protocol's questions, loaded once per page. */
export function useProtocolQuestions(): Loaded<ProtocolQuestions> {
  return useLoad(() => api.protocolQuestions(), []);
}

/** The paths of every screening field, with `prefix` (e.g. "screening."). */
export function screeningFields(questions: ScreeningQuestion[], prefix = ''): string[] {
  const paths: string[] = [];
  for (const q of questions) {
    paths.push(q.key);
    if (q.type === 'course') paths.push(numberPath(q));
  }
  return paths.map((f) => prefix + f);
}

/** The errors of validateScreening (unprefixed paths) under `prefix`. */
export function prefixErrors(errors: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k ? prefix + k : k, v]));
}

/** An option key as a label: "none" -> "None", "current" -> "Taking it now". */
function optionLabel(option: string): string {
  if (option === 'current') return 'Taking it now';
  const words = option.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function choices(q: ScreeningQuestion): [string, string][] {
  switch (q.type) {
    case 'bool':
      return [['no', 'No'], ['yes', 'Yes']];
    case 'enum':
      return (q.options ?? []).map((o) => [o, optionLabel(o)]);
    case 'months_ago':
    case 'weeks_ago':
      return [['never', 'Never'], ['yes', 'Yes']];
    case 'course':
      return [['never', 'Never'], ['current', 'Taking it now'], ['stopped', 'Stopped']];
  }
}

export function ScreeningQuestions({ form, prefix = '', questions, answers, onAnswers, errors, onEdit }: {
  form: string;
  prefix?: string;
  questions: ScreeningQuestion[];
  answers: ScreeningAnswers;
  onAnswers: (answers: ScreeningAnswers) => void;
  errors: FieldErrors;
  /** Called with the edited field's path (to clear its error). */
  onEdit?: (path: string) => void;
}) {
  const p = (path: string) => prefix + path;
  const set = (q: ScreeningQuestion, part: 'choice' | 'number', path: string) => (v: string) => {
    onEdit?.(p(path));
    const current = answers[q.key] ?? { choice: '', number: '' };
    onAnswers({ ...answers, [q.key]: { ...current, [part]: v } });
  };
  return (
    <>
      {questions.map((q) => {
        const answer = answers[q.key] ?? { choice: '', number: '' };
        const asksNumber = (q.type === 'months_ago' || q.type === 'weeks_ago') ? answer.choice === 'yes'
          : q.type === 'course' && answer.choice === 'stopped';
        const unit = q.type === 'weeks_ago' ? 'weeks' : 'months';
        const numberError = errors[p(numberPath(q))];
        return (
          <div key={q.key} class="screening-question">
            <RadioGroup form={form} path={p(q.key)} legend={q.clinician} inline value={answer.choice}
              onValue={set(q, 'choice', q.key)} options={choices(q)}
              error={asksNumber && numberPath(q) === q.key ? undefined : errors[p(q.key)]} />
            {q.help && <p class="hint">{q.help}</p>}
            {asksNumber && (
              <TextField form={form} path={p(numberPath(q)) + (numberPath(q) === q.key ? '.value' : '')}
                label={q.type === 'course' ? 'Stopped how many months ago?' : `How many ${unit} ago?`}
                type="number" min="0" step="0.5" value={answer.number} onValue={set(q, 'number', numberPath(q))}
                error={numberError} />
            )}
          </div>
        );
      })}
    </>
  );
}
