// Weekly hours editor (the clinic's opening hours, a practitioner's working hours): per
// weekday a list of from–until spans typed as HH:MM, added and removed with buttons. Each
// span's error (key "<field>.<day>[i]", as the server names it) sits under its row and
// describes both of its inputs.
import type { Weekday } from '../api/types';
import { WEEKDAYS } from '../api/types';
import { fieldId, type FieldErrors } from '../lib/field_errors';
import { focusLater } from '../lib/hooks';
import { spanPath, WEEKDAY_LABELS, type HoursInput, type SpanInput } from '../lib/weekly_hours';

export function HoursEditor({ form, field, legend, value, errors, onChange }: {
  form: string;
  field: string; // "opening_hours" or "working_hours"
  legend: string;
  value: HoursInput;
  errors: FieldErrors;
  onChange: (next: HoursInput, edited: string) => void;
}) {
  const setDay = (day: Weekday, spans: SpanInput[], edited: string) => onChange({ ...value, [day]: spans }, edited);
  return (
    <fieldset class="hours" id={fieldId(form, field)}>
      <legend>{legend}</legend>
      <p class="hint">Times as HH:MM on the quarter hour (:00, :15, :30, :45), 24-hour clock. A day without hours is closed.</p>
      {WEEKDAYS.map((day) => {
        const spans = value[day];
        const dayName = WEEKDAY_LABELS[day];
        return (
          <div class="hours-day" key={day} role="group" aria-labelledby={fieldId(form, `${field}.${day}`)}>
            <span class="hours-day-name" id={fieldId(form, `${field}.${day}`)}>{dayName}</span>
            <div class="hours-spans">
              {spans.length === 0 && <p class="muted hours-closed">Closed</p>}
              {spans.map((span, i) => {
                const path = spanPath(field, day, i);
                const id = fieldId(form, path);
                const error = errors[path];
                const which = spans.length > 1 ? `, hours ${i + 1}` : '';
                const edit = (key: keyof SpanInput, v: string) =>
                  setDay(day, spans.map((s, j) => (j === i ? { ...s, [key]: v } : s)), path);
                return (
                  <div key={i} class={`hours-span${error ? ' field--invalid' : ''}`}>
                    <div class="hours-inputs">
                      <label class="hours-time">
                        <span><span class="visually-hidden">{dayName}{which}: </span>From</span>
                        <input id={`${id}-from`} value={span.from} inputMode="numeric" autoComplete="off" size={5} maxLength={5}
                          aria-invalid={!!error || undefined} aria-describedby={error ? `${id}-error` : undefined}
                          onInput={(e) => edit('from', (e.currentTarget as HTMLInputElement).value)} />
                      </label>
                      <label class="hours-time">
                        <span><span class="visually-hidden">{dayName}{which}: </span>Until</span>
                        <input id={`${id}-to`} value={span.to} inputMode="numeric" autoComplete="off" size={5} maxLength={5}
                          aria-invalid={!!error || undefined} aria-describedby={error ? `${id}-error` : undefined}
                          onInput={(e) => edit('to', (e.currentTarget as HTMLInputElement).value)} />
                      </label>
                      <button type="button" class="btn btn--secondary btn--small"
                        aria-label={`Remove ${dayName} ${span.from || '…'}–${span.to || '…'}`}
                        onClick={() => {
                          setDay(day, spans.filter((_, j) => j !== i), path);
                          focusLater(`${fieldId(form, `${field}.${day}`)}-add`);
                        }}>
                        Remove
                      </button>
                    </div>
                    {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
                  </div>
                );
              })}
              <button type="button" class="link-button hours-add" id={`${fieldId(form, `${field}.${day}`)}-add`}
                onClick={() => {
                  setDay(day, [...spans, nextSpan(spans)], `${field}.${day}`);
                  focusLater(`${fieldId(form, spanPath(field, day, spans.length))}-from`);
                }}>
                Add hours<span class="visually-hidden"> on {dayName}</span>
              </button>
            </div>
          </div>
        );
      })}
    </fieldset>
  );
}

/** A sensible new span: after the last one, or a working day's default. */
function nextSpan(spans: SpanInput[]): SpanInput {
  if (spans.length === 0) return { from: '09:00', to: '17:00' };
  return { from: '', to: '' };
}
